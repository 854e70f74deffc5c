#!/usr/bin/env python3
"""A plain Python reconcile of a flow file: the yardstick for remit's speed (Scripts/bench).

    python3 Scripts/bench_reconcile.py JOB_DIR/job.json FLOWS.ndjson [--orjson]

One `json.loads` per line (or `orjson.loads` with --orjson: `pip install orjson` if it is
missing), dict look-ups, and the same rules as remit (SPEC "Reconciliation", steps 1-8):
customer, subprocessor by field or destination host (exact endpoint, longest wildcard,
mapping patterns), approval (explicit or general authorization), window, purpose (or the
system's single purpose), categories, region (groups, subdivisions), operation; findings
aggregated per (kind, customer, subprocessor, dimension, value) with counts, first/last ts
and five samples. Prints the number of flows, rejected records and distinct findings.
job.json is written by Scripts/bench_gen.py.
"""

import json
import sys


def covers(anc, key):
    return key == anc or (key.startswith(anc) and key[len(anc)] == ".")


def set_covers(keys, key):
    return any(covers(a, key) for a in keys)


def main():
    job_path, flows_path = sys.argv[1], sys.argv[2]
    loads = json.loads
    if "--orjson" in sys.argv:
        import orjson  # pip install orjson
        loads = orjson.loads
    job = json.load(open(job_path, encoding="utf-8"))
    groups = job["region_groups"]
    defined = {d: set(keys) for d, keys in job["taxonomy"].items()}
    catalog = {s["id"]: s for s in job["catalog"]}
    exact, wildcard = {}, {}
    for s in job["catalog"]:
        for e in s["endpoints"]:
            if e.startswith("*."):
                wildcard.setdefault(e[2:], s["id"])
            else:
                exact.setdefault(e, s["id"])
    rules = job["destinations"]
    systems = job["systems"]
    customers = {c["id"]: c for c in job["customers"]}

    def place_covers(cov, place):
        return cov == place or (place.startswith(cov) and len(place) > len(cov) and place[len(cov)] == "-")

    def region_covers(lst, region):
        if region in lst:
            return True
        members = groups.get(region)
        if members:
            return all(any(covers_place(c, m) for c in lst) for m in members)
        return any(covers_place(c, region) for c in lst)

    def covers_place(cov, place):
        if cov == place:
            return True
        if cov in groups:
            return any(place_covers(m, place) for m in groups[cov])
        return place_covers(cov, place)

    def resolve(host):
        if host in exact:
            return exact[host]
        rest = host
        while "." in rest:
            rest = rest[rest.index(".") + 1:]
            if rest in wildcard:
                return wildcard[rest]
        for pattern, sid in rules:
            if (pattern.startswith("*.") and host.endswith(pattern[1:]) and len(host) > len(pattern) - 1) or pattern == host:
                return sid
        return None

    def host_of(dest):
        t = dest.strip()
        if "://" in t:
            t = t[t.index("://") + 3:]
        for ch in "/?#":
            if ch in t:
                t = t[:t.index(ch)]
        if "@" in t:
            t = t[t.rindex("@") + 1:]
        if t.count(":") == 1:
            t = t[:t.index(":")]
        return t.lower().rstrip(".")

    scopes = {}

    def scope(c, sid):
        key = (c["id"], sid)
        if key in scopes:
            return scopes[key]
        result = None
        auth = next((a for a in c.get("subprocessors", []) if a["id"] == sid), None)
        if auth is not None:
            result = {"purposes": [auth.get("purposes") or []] + ([c["purposes"]] if "purposes" in c else []),
                      "cats": [auth.get("data_categories") or []] + ([c["data_categories"]] if "data_categories" in c else []),
                      "regions": [r for r in (auth.get("regions"), c.get("regions")) if r],
                      "ops": auth.get("operations"), "from": auth.get("from"), "until": auth.get("until")}
        else:
            g = c.get("general_authorization")
            if g and sid not in g["objections"] and sid in catalog:
                d = catalog[sid]
                result = {"purposes": [c.get("purposes") or [], d["purposes"]], "cats": [c.get("data_categories") or [], d["data_categories"]],
                          "regions": [r for r in (c.get("regions"), d["regions"]) if r], "ops": None,
                          "from": "2024-01-31", "until": None}
        scopes[key] = result
        return result

    findings = {}

    def record(kind, cust, sid, dim, value, f, line):
        e = findings.get((kind, cust, sid, dim, value))
        if e is None:
            e = findings[(kind, cust, sid, dim, value)] = [0, 0, 0, None, None, []]
        e[0] += f.get("count", 1)
        e[1] += f.get("records", 0)
        e[2] += f.get("bytes", 0)
        ts = f.get("ts")
        if ts:
            if e[3] is None or ts < e[3]:
                e[3] = ts
            if e[4] is None or ts > e[4]:
                e[4] = ts
        if len(e[5]) < 5:
            e[5].append((f.get("id"), line))

    flows = rejected = 0
    with open(flows_path, "rb") as fh:
        for line_no, line in enumerate(fh, 1):
            try:
                f = loads(line)
            except ValueError:
                rejected += 1
                continue
            if not isinstance(f, dict) or not (f.get("subprocessor") or f.get("destination")) \
                    or not all(isinstance(f.get(k, 0), int) and f.get(k, 0) >= 0 for k in ("count", "records", "bytes")):
                rejected += 1
                continue
            flows += 1
            sid = f.get("subprocessor") or (f.get("destination") and resolve(host_of(f["destination"])))
            purpose = f.get("purpose")
            if not purpose and f.get("system") in systems and len(systems[f["system"]]) == 1:
                purpose = systems[f["system"]][0]
            op = f.get("operation") or "transfer"
            region = f.get("region")
            region = region.upper() if region else None
            cats = f.get("data_categories") or []
            if purpose and purpose not in defined["purposes"]:
                record("UNKNOWN_TAXONOMY_KEY", "", "", "taxonomy", purpose, f, line_no)
            for cat in cats:
                if cat not in defined["data_categories"]:
                    record("UNKNOWN_TAXONOMY_KEY", "", "", "taxonomy", cat, f, line_no)
            if op not in defined["operations"]:
                record("UNKNOWN_TAXONOMY_KEY", "", "", "taxonomy", op, f, line_no)
            cid = f.get("customer")
            if not cid:
                record("UNATTRIBUTED_FLOW", "", sid or "", "customer", "", f, line_no)
                continue
            c = customers.get(cid)
            if c is None:
                record("UNKNOWN_CUSTOMER", cid, sid or "", "customer", cid, f, line_no)
                continue
            if sid is None:
                record("UNKNOWN_DESTINATION", cid, "", "destination", host_of(f.get("destination", "")), f, line_no)
                continue
            sc = scope(c, sid)
            if sc is None:
                record("UNAUTHORIZED_SUBPROCESSOR", cid, sid, "subprocessor", sid, f, line_no)
                continue
            ts = f.get("ts")
            if ts:
                if sc["from"] and ts < sc["from"]:
                    record("OUTSIDE_AUTHORIZATION_WINDOW", cid, sid, "window", "before", f, line_no)
                elif sc["until"] and ts[:10] > sc["until"]:
                    record("OUTSIDE_AUTHORIZATION_WINDOW", cid, sid, "window", "after", f, line_no)
            if purpose:
                if not all(set_covers(lst, purpose) for lst in sc["purposes"]):
                    record("PURPOSE_NOT_AUTHORIZED", cid, sid, "purpose", purpose, f, line_no)
            else:
                record("UNATTRIBUTED_FLOW", cid, sid, "purpose", "", f, line_no)
            for cat in cats:
                if not all(set_covers(lst, cat) for lst in sc["cats"]):
                    record("DATA_CATEGORY_NOT_AUTHORIZED", cid, sid, "data_category", cat, f, line_no)
            if region:
                if not all(region_covers(lst, region) for lst in sc["regions"]):
                    record("REGION_NOT_AUTHORIZED", cid, sid, "region", region, f, line_no)
            elif sc["regions"]:
                record("UNATTRIBUTED_FLOW", cid, sid, "region", "", f, line_no)
            if sc["ops"] is not None and not set_covers(sc["ops"], op):
                record("OPERATION_NOT_AUTHORIZED", cid, sid, "operation", op, f, line_no)
    print(f"flows {flows} rejected {rejected} findings {len(findings)}")


if __name__ == "__main__":
    main()
