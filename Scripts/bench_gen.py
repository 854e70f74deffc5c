#!/usr/bin/env python3
"""Generate a synthetic remit job for the benchmark (Scripts/bench).

    python3 Scripts/bench_gen.py DIR [--flows N] [--customers 10000] [--subprocessors 200]
                                     [--distinct-findings N]

Writes DIR/remit.yml and remit-xml.yml (the same job on NDJSON and on XML flows),
register.json (a GRC export of 10,000 customers; register.yml and remit-yaml-register.yml
hold the same register as YAML, to time that loader), catalog.json, mappings.yml,
exceptions.yml, flows.ndjson and flows.xml (the same records in both encodings), and
job.json: the same register, catalog, mappings and taxonomy in one JSON file for
Scripts/bench_reconcile.py. Deterministic (fixed seed).

Violations are realistic and bounded: a tenth of the customers misbehave, each in a few
fixed ways, so the set of distinct findings is reached early and does not grow with the
number of flows (memory must depend on distinct findings, not on flow count).
With --distinct-findings N, every violating flow instead names a fresh unknown host, which
gives about N distinct UNKNOWN_DESTINATION findings (the output-rendering check).
"""

import argparse
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
TAXONOMY = os.path.join(HERE, "..", "Sources", "RemitIngest", "Resources", "taxonomy.yml")

PURPOSES = ["service.delivery", "service.delivery.notifications", "service.support", "service.operations.hosting",
            "service.operations.logging", "service.operations.backup", "service.security", "service.billing",
            "improve.analytics"]
BAD_PURPOSES = ["improve.ml_training", "improve.testing", "marketing.advertising", "marketing.email", "research"]
CATEGORIES = ["user.contact.email", "user.contact.phone", "user.name", "user.identifier.account",
              "user.identifier.device", "user.network.ip", "user.network.user_agent", "user.content.message",
              "user.content.support_ticket", "user.behavior.browsing", "user.location.approximate"]
BAD_CATEGORIES = ["user.health", "user.credentials.password", "user.financial.card", "user.biometric",
                  "user.government_id", "user.location.precise"]
REGIONS = ["DE", "IE", "NL", "FR", "FI", "SE", "AT", "BE", "ES", "IT"]
BAD_REGIONS = ["US", "SG", "IN", "BR", "US-CA", "CN"]
OPERATIONS = ["transfer", "store", "use", "analyze", "retain"]


def taxonomy():
    """Keys per dimension and region groups of the built-in taxonomy (a small line parser)."""
    dims = {"purposes": [], "data_categories": [], "data_subjects": [], "operations": []}
    groups = {}
    current = None
    with open(TAXONOMY, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            top = re.match(r"^(\w+):\s*(.*)$", line)
            if top:
                current = top.group(1)
                rest = top.group(2)
                if current == "operations":
                    dims["operations"] = [w.strip() for w in rest.strip("[] \n").split(",")]
                continue
            key = re.search(r"key:\s*([\w.]+)", line)
            if key and current in dims:
                dims[current].append(key.group(1))
            group = re.match(r"^\s+(\w+):\s*\[(.*)\]", line)
            if group and current == "region_groups":
                groups[group.group(1)] = [w.strip() for w in group.group(2).split(",")]
    return dims, groups


def ylist(values):
    return "[" + ", ".join(values) + "]"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--flows", type=int, default=1_000_000)
    ap.add_argument("--customers", type=int, default=10_000)
    ap.add_argument("--subprocessors", type=int, default=200)
    ap.add_argument("--distinct-findings", type=int, default=0)
    ap.add_argument("--no-flows", action="store_true", help="write the job files only")
    ap.add_argument("--no-xml", action="store_true", help="write the NDJSON flows only")
    args = ap.parse_args()
    rng = random.Random(27701)
    os.makedirs(args.dir, exist_ok=True)
    dims, groups = taxonomy()

    # --- catalog: 200 subprocessors, each with an exact endpoint and a wildcard ---
    sps = []
    for i in range(args.subprocessors):
        sid = f"sp-{i:03d}"
        sps.append({
            "id": sid, "name": f"Vendor {i}", "service": f"Service {i}",
            "purposes": rng.sample(PURPOSES, 2), "data_categories": rng.sample(CATEGORIES, 4),
            "regions": rng.sample(REGIONS, 3), "endpoints": [f"api.v{i:03d}.example", f"*.v{i:03d}-cdn.example"],
            "listed_since": "2024-01-01",
        })
    sp_ids = [s["id"] for s in sps]

    # --- register: 10,000 customers; 80% explicit, 20% general authorization ---
    customers = []
    for i in range(args.customers):
        cid = f"cust-{i:05d}"
        c = {"id": cid, "name": f"Customer {i}",
             "instructions": [{"id": f"{cid}-dpa", "kind": "dpa", "ref": "DPA v1", "effective": "2024-01-01"}],
             "purposes": ["service", "improve.analytics"], "data_categories": ["user"], "regions": ["EEA"]}
        chosen = rng.sample(sp_ids, 6)
        if i % 5 == 4:
            c["general_authorization"] = {"instruction": f"{cid}-dpa", "notice_days": 30,
                                          "objections": rng.sample([s for s in sp_ids if s not in chosen], 2)}
            c["subprocessors"] = []
        else:
            auths = []
            for sid in chosen:
                sp = sps[int(sid[3:])]
                a = {"id": sid, "instruction": f"{cid}-dpa", "purposes": sp["purposes"],
                     "data_categories": sp["data_categories"] + ["user.identifier"]}
                if rng.random() < 0.3:
                    a["operations"] = ["transfer", "store", "use"]
                if rng.random() < 0.1:
                    a["from"] = "2025-01-01"
                    a["until"] = "2027-12-31"
                auths.append(a)
            c["subprocessors"] = auths
        c["_uses"] = chosen
        customers.append(c)

    systems = {f"sys-{p.replace('.', '-')}": [p] for p in PURPOSES}
    systems["web-app"] = ["service.delivery", "improve.analytics"]

    with open(os.path.join(args.dir, "register.yml"), "w", encoding="utf-8") as f:
        f.write("# Synthetic register for the benchmark (Scripts/bench_gen.py).\ncustomers:\n")
        for c in customers:
            f.write(f"  - id: {c['id']}\n    name: {c['name']}\n    instructions:\n")
            for ins in c["instructions"]:
                f.write(f"      - {{ id: {ins['id']}, kind: {ins['kind']}, ref: \"{ins['ref']}\", effective: {ins['effective']} }}\n")
            f.write(f"    purposes: {ylist(c['purposes'])}\n    data_categories: {ylist(c['data_categories'])}\n")
            f.write(f"    regions: {ylist(c['regions'])}\n")
            if "general_authorization" in c:
                g = c["general_authorization"]
                f.write(f"    general_authorization: {{ instruction: {g['instruction']}, notice_days: {g['notice_days']}, "
                        f"objections: {ylist(g['objections'])} }}\n")
            if c["subprocessors"]:
                f.write("    subprocessors:\n")
                for a in c["subprocessors"]:
                    extra = "".join(f", {k}: {ylist(a[k]) if isinstance(a[k], list) else a[k]}"
                                    for k in ("operations", "from", "until") if k in a)
                    f.write(f"      - {{ id: {a['id']}, instruction: {a['instruction']}, purposes: {ylist(a['purposes'])}, "
                            f"data_categories: {ylist(a['data_categories'])}{extra} }}\n")
    with open(os.path.join(args.dir, "register.json"), "w", encoding="utf-8") as f:
        register = [{k: v for k, v in c.items() if not k.startswith("_") and not (k == "subprocessors" and not v)} for c in customers]
        json.dump({"customers": register}, f, indent=1)
    with open(os.path.join(args.dir, "catalog.json"), "w", encoding="utf-8") as f:
        json.dump({"subprocessors": sps}, f, indent=1)
    with open(os.path.join(args.dir, "mappings.yml"), "w", encoding="utf-8") as f:
        f.write("systems:\n")
        for name, ps in systems.items():
            f.write(f"  {name}: {{ purposes: {ylist(ps)} }}\n")
        f.write("destinations:\n  - { pattern: \"*.shared-cloud.example\", subprocessor: sp-000 }\n")
    with open(os.path.join(args.dir, "exceptions.yml"), "w", encoding="utf-8") as f:
        f.write("exceptions:\n  - id: EXC-1\n    match: { kind: REGION_NOT_AUTHORIZED, customer: cust-00003 }\n"
                "    reason: \"Approved pilot\"\n    approved_by: privacy-office\n    expires: 2027-06-30\n")
    with open(os.path.join(args.dir, "remit-yaml-register.yml"), "w", encoding="utf-8") as f:
        f.write("version: 1\nregister: register.yml\ncatalog:\n  - source: catalog.json\n"
                "flows:\n  - source: flows.ndjson\nmappings: mappings.yml\nexceptions: exceptions.yml\n"
                "fail_on: high\noutput: out-yaml\n")
    with open(os.path.join(args.dir, "remit.yml"), "w", encoding="utf-8") as f:
        f.write("version: 1\nregister: register.json\ncatalog:\n  - source: catalog.json\n"
                "flows:\n  - source: flows.ndjson\nmappings: mappings.yml\nexceptions: exceptions.yml\n"
                "fail_on: high\noutput: out\n")
    with open(os.path.join(args.dir, "remit-xml.yml"), "w", encoding="utf-8") as f:
        f.write("version: 1\nregister: register.json\ncatalog:\n  - source: catalog.json\n"
                "flows:\n  - source: flows.xml\nmappings: mappings.yml\nexceptions: exceptions.yml\n"
                "fail_on: high\noutput: out-xml\n")
    with open(os.path.join(args.dir, "job.json"), "w", encoding="utf-8") as f:
        json.dump({"taxonomy": dims, "region_groups": groups, "customers": customers, "catalog": sps,
                   "systems": systems, "destinations": [["*.shared-cloud.example", "sp-000"]]}, f)

    if not args.no_flows:
        write_flows(args, rng, customers, sps)


def write_flows(args, rng, customers, sps):
    """The same records as NDJSON and XML. A tenth of the customers misbehave, each in up to
    three fixed ways; a few records are malformed (NDJSON) or lack a destination."""
    misbehaviour = {}
    for c in customers[::10]:
        ways = []
        for _ in range(3):
            kind = rng.choice(["purpose", "category", "region", "operation", "unapproved", "unknown-host"])
            value = {"purpose": BAD_PURPOSES, "category": BAD_CATEGORIES, "region": BAD_REGIONS,
                     "operation": ["disclose", "delete"], "unapproved": [s["id"] for s in sps],
                     "unknown-host": [f"collector{n}.unknown.example" for n in range(20)]}[kind]
            ways.append((kind, rng.choice(value)))
        misbehaviour[c["id"]] = ways
    ndjson = open(os.path.join(args.dir, "flows.ndjson"), "w", encoding="utf-8")
    xml = open(os.devnull if args.no_xml else os.path.join(args.dir, "flows.xml"), "w", encoding="utf-8")
    xml.write('<?xml version="1.0" encoding="UTF-8"?>\n<flows xmlns="urn:remit:flows:1">\n')
    base = 1795651200  # 2026-11-20T00:00:00Z
    distinct = args.distinct_findings
    nd_lines, xml_parts = [], []
    for n in range(args.flows):
        c = customers[rng.randrange(len(customers))]
        sid = rng.choice(c["_uses"])
        sp = sps[int(sid[3:])]
        ts = base + rng.randrange(8 * 86400)
        s = ts % 86400
        d = 20 + ts // 86400 - base // 86400
        rec = {"id": f"f-{n:08d}", "ts": f"2026-11-{d:02d}T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z",
               "customer": c["id"]}
        purpose = rng.choice(sp["purposes"])
        cats = rng.sample(sp["data_categories"], rng.randint(1, 2))
        region = rng.choice(sp["regions"])
        operation = "transfer" if rng.random() < 0.7 else rng.choice(["store", "use"])
        r = rng.random()
        if r < 0.1:
            rec["subprocessor"] = sid
        elif r < 0.6:
            rec["destination"] = sp["endpoints"][0]
        else:
            rec["destination"] = f"https://edge{n % 7}.{sp['endpoints'][1][2:]}/v1/collect?k=1"
        if distinct and rng.random() < distinct / args.flows:
            rec.pop("subprocessor", None)
            rec["destination"] = f"h{n}.unknown.example"
        elif c["id"] in misbehaviour and rng.random() < 0.3:
            kind, value = rng.choice(misbehaviour[c["id"]])
            if kind == "purpose":
                purpose = value
            elif kind == "category":
                cats = cats + [value]
            elif kind == "region":
                region = value
            elif kind == "operation":
                operation = value
            elif kind == "unapproved":
                rec.pop("destination", None)
                rec["subprocessor"] = value
            else:
                rec.pop("subprocessor", None)
                rec["destination"] = value
        if rng.random() < 0.002:
            rec["customer"] = "cust-unknown-" + str(rng.randrange(5))
        elif rng.random() < 0.002:
            del rec["customer"]
        system = f"sys-{purpose.replace('.', '-')}"
        rec["system"] = system if purpose in PURPOSES else "web-app"
        if rng.random() < 0.8 or purpose not in PURPOSES:
            rec["purpose"] = purpose
        rec["data_categories"] = cats
        rec["region"] = region
        if operation != "transfer" or rng.random() < 0.5:
            rec["operation"] = operation
        rec["count"] = 1
        rec["records"] = rng.randrange(1, 200)
        rec["bytes"] = rng.randrange(100, 100_000)
        line = json.dumps(rec, ensure_ascii=False)
        if rng.random() < 0.0005:
            line = line.replace('"count": 1', '"count": -1') if n % 2 else line[:-3]
        nd_lines.append(line)
        attrs = " ".join(f'{k}="{v}"' for k, v in rec.items() if k != "data_categories")
        cats_xml = "".join(f"\n    <category>{x}</category>" for x in rec["data_categories"])
        xml_parts.append(f"  <flow {attrs}>{cats_xml}\n  </flow>")
        if len(nd_lines) >= 50_000:
            ndjson.write("\n".join(nd_lines) + "\n")
            xml.write("\n".join(xml_parts) + "\n")
            nd_lines, xml_parts = [], []
    ndjson.write("\n".join(nd_lines) + ("\n" if nd_lines else ""))
    xml.write("\n".join(xml_parts) + ("\n" if xml_parts else "") + "</flows>\n")
    ndjson.close()
    xml.close()


if __name__ == "__main__":
    main()
