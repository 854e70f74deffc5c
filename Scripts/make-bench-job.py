#!/usr/bin/env python3
"""Write a job whose run yields about 100,000 distinct findings, for Scripts/bench-report.

    python3 Scripts/make-bench-job.py DIR [FINDINGS] [CUSTOMERS]

CUSTOMERS (default 250) customers, each approving 10 of 20 subprocessors for `service`
purposes and `user.contact` data, in the EEA. Every flow record is built to yield one new finding of its own: a distinct
unknown destination host (UNKNOWN_DESTINATION), a distinct unauthorized data category
(DATA_CATEGORY_NOT_AUTHORIZED), or a distinct unauthorized purpose (PURPOSE_NOT_AUTHORIZED),
plus, per pair, regions outside the EEA (REGION_NOT_AUTHORIZED). The categories and purposes
are defined in the job's taxonomy, so no UNKNOWN_TAXONOMY_KEY finding is added. Deterministic:
no clock, no randomness.
"""

import json
import os
import sys

SUBPROCESSORS = 20
APPROVED = 10
REGIONS_OUTSIDE = ["US", "SG", "BR", "IN", "JP", "AU", "CA", "ZA"]


def main(out, target, customers):
    os.makedirs(out, exist_ok=True)
    per_customer = max(1, target // customers)
    sps = [f"sp-{i:02d}" for i in range(SUBPROCESSORS)]
    # Flow i goes to approved subprocessor i % 10, so key i // 10 keeps (subprocessor, key)
    # distinct with a tenth as many taxonomy keys.
    keys = per_customer // APPROVED + 1
    extra_categories = [f"user.behavior.e{i}" for i in range(keys)]
    extra_purposes = [f"improve.analytics.p{i}" for i in range(keys)]

    with open(os.path.join(out, "taxonomy.yml"), "w") as f:
        f.write("extends: default\npurposes:\n")
        for key in extra_purposes:
            f.write(f"  - {{ key: {key} }}\n")
        f.write("data_categories:\n")
        for key in extra_categories:
            f.write(f"  - {{ key: {key} }}\n")

    catalog = {"subprocessors": [
        {"id": sp, "name": f"Vendor {sp}", "service": "Benchmark service", "purposes": ["service"],
         "data_categories": ["user.contact"], "regions": ["DE"], "endpoints": [f"api.{sp}.example"],
         "listed_since": "2024-01-01"} for sp in sps]}
    with open(os.path.join(out, "catalog.json"), "w") as f:
        json.dump(catalog, f, indent=1)

    with open(os.path.join(out, "register.yml"), "w") as f:
        f.write("customers:\n")
        for c in range(customers):
            f.write(f"  - id: cust-{c:04d}\n    name: Customer {c:04d} Ltd\n")
            f.write(f"    instructions:\n      - {{ id: dpa-{c:04d}, kind: dpa, ref: \"DPA {c:04d}\", effective: 2025-01-01 }}\n")
            f.write("    purposes: [service]\n    data_categories: [user.contact]\n    regions: [EEA]\n    subprocessors:\n")
            for k in range(APPROVED):
                sp = sps[(c + k) % SUBPROCESSORS]
                f.write(f"      - {{ id: {sp}, instruction: dpa-{c:04d}, purposes: [service], data_categories: [user.contact] }}\n")

    lines = 0
    with open(os.path.join(out, "flows.ndjson"), "w") as f:
        for c in range(customers):
            customer = f"cust-{c:04d}"
            for i in range(per_customer):
                sp = sps[(c + i % APPROVED) % SUBPROCESSORS]
                ts = f"2026-11-{20 + i % 8:02d}T{i % 24:02d}:{i % 60:02d}:00Z"
                record = {"id": f"f-{c}-{i}", "ts": ts, "customer": customer, "system": "app",
                          "count": 1 + i % 5, "records": 1 + i % 50, "bytes": 500 + 37 * i}
                kind = i % 10
                if kind < 4:
                    record.update(destination=f"h{i}.c{c}.unknown.example", purpose="service")
                elif kind < 7:
                    record.update(subprocessor=sp, purpose="service", region="DE",
                                  data_categories=[extra_categories[i // APPROVED]])
                else:
                    region = REGIONS_OUTSIDE[i % len(REGIONS_OUTSIDE)]
                    record.update(subprocessor=sp, purpose=extra_purposes[i // APPROVED], region=region,
                                  data_categories=["user.contact.email"])
                f.write(json.dumps(record, separators=(",", ":")) + "\n")
                lines += 1

    with open(os.path.join(out, "remit.yml"), "w") as f:
        f.write("version: 1\ntaxonomy: taxonomy.yml\nregister: register.yml\ncatalog:\n  - source: catalog.json\n"
                "flows:\n  - source: flows.ndjson\nfail_on: high\noutput: out\n")
    print(f"wrote {out}: {customers} customers, {SUBPROCESSORS} subprocessors, {lines} flow records")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: make-bench-job.py DIR [FINDINGS] [customers]")
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000, int(sys.argv[3]) if len(sys.argv) > 3 else 250)
