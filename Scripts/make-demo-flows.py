#!/usr/bin/env python3
"""Regenerate the demo job's flow exports (Fixtures/demo/flows/).

    python3 Scripts/make-demo-flows.py

Writes flows/egress.ndjson (the egress proxy / DLP export, one JSON object a line) and
flows/pipeline.xml (the nightly batch pipeline export, <flows xmlns="urn:remit:flows:1">).
The output is deterministic: a fixed seed, no clock, no environment. Fixtures/demo/README.md
explains which records tell which story; keep it in step when changing the profiles below.
"""

import json
import os
import random
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import quoteattr, escape

SEED = 27701
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Fixtures", "demo", "flows")
START = datetime(2026, 11, 20, tzinfo=timezone.utc)
DAYS = 8  # 2026-11-20 .. 2026-11-27

rng = random.Random(SEED)

# Common shapes of data, by destination kind.
MAIL = ["user.contact.email", "user.name"]
SMS = ["user.contact.phone"]
TICKET = ["user.contact.email", "user.name", "user.content"]
EDGE = ["user.network.ip"]
EVENTS = ["user.identifier", "user.behavior"]
ERRORS = ["user.identifier", "user.network.ip"]
TRIAGE = ["user.content"]


def profile(customer, system, destination, n, cats, regions, purpose=None, operation="transfer",
            records=(1, 1), rec_bytes=(400, 2000), subprocessor=None, hours=(0, 24)):
    return dict(customer=customer, system=system, destination=destination, n=n, cats=cats,
                regions=regions, purpose=purpose, operation=operation, records=records,
                rec_bytes=rec_bytes, subprocessor=subprocessor, hours=hours)


# --- Real-time egress (NDJSON) -------------------------------------------------------------
EGRESS = [
    # Acme Logistics: general authorization, mostly clean.
    profile("cust-acme", "notify-svc", "api.mailer.example", 40, MAIL, ["IE"], records=(1, 3), rec_bytes=(2000, 9000)),
    profile("cust-acme", "notify-svc", "api.textbridge.example", 12, SMS, ["DE"], rec_bytes=(120, 300)),
    profile("cust-acme", "support-svc", "eu.api.supportly.example", 24, TICKET, ["DE", "NL"], rec_bytes=(1500, 12000)),
    profile("cust-acme", "support-svc", "hooks.supportly-eu.example", 6, TICKET, ["NL"], rec_bytes=(800, 4000)),
    # Story 5 (approved by change order CO-9, suppressed by EXC-2026-014): Singapore support team.
    profile("cust-acme", "support-svc", "sg.api.supportly.example", 8, TICKET, ["SG"], rec_bytes=(1500, 12000), hours=(0, 9)),
    profile("cust-acme", "web-app", "fra.pop.edgewise-cdn.example", 30, EDGE, ["DE"], purpose="service.delivery",
            records=(20, 400), rec_bytes=(60, 120)),
    profile("cust-acme", "web-app", "events.insightful-analytics.example", 25, EVENTS, ["IE"], purpose="improve.analytics",
            records=(50, 900), rec_bytes=(200, 600)),
    # Session replay, listed 2026-11-15: inside the 30-day notice period until 2026-12-15.
    profile("cust-acme", "web-app", "eu.rec.replay.insightful.example", 10, ["user.identifier", "user.behavior", "user.network.ip"],
            ["IE"], purpose="improve.analytics", records=(5, 40), rec_bytes=(4000, 30000)),
    profile("cust-acme", "api-gateway", "ingest.bugsight.example", 12, ERRORS, ["DE"], purpose="service.operations.logging",
            rec_bytes=(2000, 8000)),
    profile("cust-acme", "support-svc", "api.cortexlabs.example", 10, TRIAGE, ["NL"], operation="analyze", rec_bytes=(1000, 6000)),
    # Story 7: a third-party SDK in the web app beacons to a host nobody vetted.
    profile("cust-acme", "web-app", "collector.unknown-metrics.example", 5, EVENTS + ["user.network.ip"], ["US"],
            purpose="improve.analytics", records=(10, 200), rec_bytes=(150, 400)),

    # Borealis Health: explicit authorizations only.
    profile("cust-borealis", "notify-svc", "api.mailer.example", 20, MAIL, ["IE"], rec_bytes=(2000, 9000), subprocessor="sp-mailer"),
    profile("cust-borealis", "support-svc", "eu.api.supportly.example", 25, TICKET, ["DE", "NL"], operation="store",
            rec_bytes=(1500, 12000)),
    profile("cust-borealis", "web-app", "ams.pop.edgewise-cdn.example", 15, EDGE, ["NL"], purpose="service.delivery",
            records=(20, 300), rec_bytes=(60, 120)),
    profile("cust-borealis", "support-svc", "api.cortexlabs.example", 12, TRIAGE, ["NL"], operation="analyze", rec_bytes=(1000, 6000)),
    # Story 6b: the error tracker was never approved by Borealis.
    profile("cust-borealis", "api-gateway", "ingest.bugsight.example", 6, ERRORS, ["DE"], purpose="service.operations.logging",
            rec_bytes=(2000, 8000)),

    # Fjordline Retail: general authorization, objected to analytics and session replay.
    profile("cust-fjord", "notify-svc", "api.mailer.example", 20, MAIL, ["IE"], records=(1, 2), rec_bytes=(2000, 9000)),
    profile("cust-fjord", "notify-svc", "api.textbridge.example", 8, SMS, ["DE"], rec_bytes=(120, 300)),
    profile("cust-fjord", "support-svc", "eu.api.supportly.example", 15, TICKET, ["NL"], rec_bytes=(1500, 12000)),
    profile("cust-fjord", "web-app", "ams.pop.edgewise-cdn.example", 15, EDGE, ["NL"], purpose="service.delivery",
            records=(20, 300), rec_bytes=(60, 120)),
    # Story 6a: the objected-to analytics vendor still receives Fjordline's events.
    profile("cust-fjord", "web-app", "events.insightful-analytics.example", 10, EVENTS, ["IE"], purpose="improve.analytics",
            records=(50, 600), rec_bytes=(200, 600)),
    profile("cust-fjord", "api-gateway", "ingest.bugsight.example", 6, ERRORS, ["DE"], purpose="service.operations.logging",
            rec_bytes=(2000, 8000)),

    # Granite Peak: broad terms, US regions allowed.
    profile("cust-granite", "notify-svc", "api.mailer.example", 25, MAIL, ["IE"], records=(1, 3), rec_bytes=(2000, 9000)),
    profile("cust-granite", "support-svc", "eu.api.supportly.example", 15, TICKET, ["NL"], rec_bytes=(1500, 12000)),
    profile("cust-granite", "web-app", "dub.pop.edgewise-cdn.example", 20, EDGE, ["IE"], purpose="service.delivery",
            records=(20, 500), rec_bytes=(60, 120)),
    # US is described only by Insightful's own XML list: the catalog union makes these clean.
    profile("cust-granite", "web-app", "events.insightful-analytics.example", 15, EVENTS, ["US", "IE"], purpose="improve.analytics",
            records=(50, 900), rec_bytes=(200, 600)),
    profile("cust-granite", "web-app", "us-west.collect.insightful-analytics.example", 4, EVENTS, ["US-CA"],
            purpose="improve.analytics", records=(50, 400), rec_bytes=(200, 600)),
    profile("cust-granite", "web-app", "eu.rec.replay.insightful.example", 8, ["user.identifier", "user.behavior"], ["IE"],
            purpose="improve.analytics", records=(5, 40), rec_bytes=(4000, 30000)),
    profile("cust-granite", "api-gateway", "ingest.bugsight.example", 6, ERRORS, ["DE"], purpose="service.operations.logging",
            rec_bytes=(2000, 8000)),

    # Hollis & Kerr: service only.
    profile("cust-hollis", "notify-svc", "api.mailer.example", 15, MAIL, ["IE"], rec_bytes=(2000, 9000)),
    profile("cust-hollis", "support-svc", "eu.api.supportly.example", 15, TICKET, ["DE", "NL"], rec_bytes=(1500, 12000)),
    # Story 5: Supportly's Singapore team handles Hollis & Kerr tickets, no change order.
    profile("cust-hollis", "support-svc", "sg.api.supportly.example", 6, TICKET, ["SG"], rec_bytes=(1500, 12000), hours=(0, 9)),
    profile("cust-hollis", "web-app", "dub.pop.edgewise-cdn.example", 12, EDGE, ["IE"], purpose="service.delivery",
            records=(20, 300), rec_bytes=(60, 120)),
    # The web app has two purposes; these records do not say which one.
    profile("cust-hollis", "web-app", "dub.pop.edgewise-cdn.example", 4, EDGE, ["IE"], records=(20, 300), rec_bytes=(60, 120)),
    profile("cust-hollis", "api-gateway", "ingest.bugsight.example", 4, ERRORS, ["DE"], purpose="service.operations.logging",
            rec_bytes=(2000, 8000)),
    # Story 3: debug logging with request payloads (login form) to the error tracker.
    profile("cust-hollis", "api-gateway", "de.ingest.bugsight.example", 9, ["user.identifier", "user.contact.email", "user.credentials"],
            ["DE"], purpose="service.operations.logging", rec_bytes=(6000, 20000)),

    # Kestrel Mobility: general authorization plus an explicit analytics pilot.
    profile("cust-kestrel", "notify-svc", "api.mailer.example", 15, MAIL, ["IE"], rec_bytes=(2000, 9000)),
    profile("cust-kestrel", "notify-svc", "api.textbridge.example", 6, SMS, ["DE"], rec_bytes=(120, 300)),
    profile("cust-kestrel", "support-svc", "eu.api.supportly.example", 10, TICKET, ["NL"], rec_bytes=(1500, 12000)),
    profile("cust-kestrel", "web-app", "cdg.pop.edgewise-cdn.example", 15, EDGE, ["FR"], purpose="service.delivery",
            records=(20, 300), rec_bytes=(60, 120)),
    profile("cust-kestrel", "web-app", "events.insightful-analytics.example", 12, EVENTS, ["IE", "DE"], purpose="improve.analytics",
            operation="analyze", records=(50, 600), rec_bytes=(200, 600), subprocessor="sp-analytics"),
    # Story 2: the analytics SDK now captures free-text form input (user.content).
    profile("cust-kestrel", "web-app", "events.insightful-analytics.example", 6, EVENTS + ["user.content"], ["IE"],
            purpose="improve.analytics", records=(20, 200), rec_bytes=(600, 3000), subprocessor="sp-analytics"),
]

PIPELINE_NIGHTS = range(DAYS)


def ts_at(day, hour, minute, second):
    return (START + timedelta(days=day, hours=hour, minutes=minute, seconds=second)).strftime("%Y-%m-%dT%H:%M:%SZ")


def random_ts(hours):
    day = rng.randrange(DAYS)
    seconds = rng.randrange(hours[0] * 3600, hours[1] * 3600)
    return ts_at(day, 0, 0, seconds)


def egress_records():
    rows = []
    for p in EGRESS:
        for _ in range(p["n"]):
            records = rng.randint(*p["records"])
            row = {"ts": random_ts(p["hours"]), "customer": p["customer"]}
            if p["subprocessor"]:
                row["subprocessor"] = p["subprocessor"]
            row["destination"] = p["destination"]
            row["system"] = p["system"]
            if p["purpose"]:
                row["purpose"] = p["purpose"]
            row["data_categories"] = list(p["cats"])
            row["region"] = rng.choice(p["regions"])
            row["operation"] = p["operation"]
            row["count"] = 1
            row["records"] = records
            row["bytes"] = records * rng.randint(*p["rec_bytes"])
            rows.append(row)

    # Single records that each show one rule.
    specials = [
        # A destination written as a URL: scheme, upper case and port are dropped -> sp-mailer.
        {"ts": "2026-11-24T08:15:02Z", "customer": "cust-acme", "destination": "https://API.Mailer.example:443/v3/send",
         "system": "notify-svc", "data_categories": MAIL, "region": "IE", "operation": "transfer",
         "count": 1, "records": 1, "bytes": 5120},
        # Matched only by the wildcard *.mailer-cdn.example (several labels deep).
        {"ts": "2026-11-22T19:40:11Z", "customer": "cust-acme", "destination": "img.eu.mailer-cdn.example",
         "system": "notify-svc", "data_categories": ["user.contact.email"], "region": "IE",
         "count": 1, "records": 3, "bytes": 2304},
        # A warehouse GROUP BY row: 250 flows in one record.
        {"ts": "2026-11-26T23:59:00Z", "customer": "cust-granite", "destination": "api.mailer.example",
         "system": "notify-svc", "purpose": "service.delivery.notifications", "data_categories": MAIL, "region": "IE",
         "operation": "transfer", "count": 250, "records": 250, "bytes": 1187500},
        # No customer: a shared health-check job, not attributable to any tenant.
        {"ts": "2026-11-21T03:00:00Z", "destination": "ingest.bugsight.example", "system": "api-gateway",
         "purpose": "service.operations.logging", "data_categories": ERRORS, "region": "DE", "operation": "transfer",
         "count": 1, "records": 1, "bytes": 1830},
        {"ts": "2026-11-25T03:00:00Z", "destination": "ingest.bugsight.example", "system": "api-gateway",
         "purpose": "service.operations.logging", "data_categories": ERRORS, "region": "DE", "operation": "transfer",
         "count": 1, "records": 1, "bytes": 1911},
        # A churned customer (offboarded 2026-10) whose reminder emails still go out.
        {"ts": "2026-11-21T07:30:12Z", "customer": "cust-zenith", "destination": "api.mailer.example",
         "system": "notify-svc", "data_categories": MAIL, "region": "IE", "operation": "transfer",
         "count": 1, "records": 14, "bytes": 71680},
        {"ts": "2026-11-24T07:30:09Z", "customer": "cust-zenith", "destination": "api.mailer.example",
         "system": "notify-svc", "data_categories": MAIL, "region": "IE", "operation": "transfer",
         "count": 1, "records": 11, "bytes": 56320},
        {"ts": "2026-11-27T07:30:15Z", "customer": "cust-zenith", "destination": "api.mailer.example",
         "system": "notify-svc", "data_categories": MAIL, "region": "IE", "operation": "transfer",
         "count": 1, "records": 9, "bytes": 46080},
        # Supportly shares Borealis tickets with a third party ("share ticket" integration).
        {"ts": "2026-11-23T14:02:44Z", "customer": "cust-borealis", "subprocessor": "sp-helpdesk",
         "destination": "eu.api.supportly.example", "system": "support-svc", "purpose": "service.support",
         "data_categories": TICKET, "region": "NL", "operation": "disclose", "count": 1, "records": 1, "bytes": 14210},
        {"ts": "2026-11-26T09:47:03Z", "customer": "cust-borealis", "subprocessor": "sp-helpdesk",
         "destination": "eu.api.supportly.example", "system": "support-svc", "purpose": "service.support",
         "data_categories": TICKET, "region": "NL", "operation": "disclose", "count": 1, "records": 2, "bytes": 23877},
    ]
    rows.extend(specials)
    rows.sort(key=lambda r: (r["ts"], r.get("customer", ""), r["destination"]))
    return rows


def write_egress(rows):
    # Deliberately invalid records, inserted at fixed positions (1-based line numbers).
    bad = {
        57: 'TRUNCATED',
        211: {"customer": "cust-fjord", "destination": "api.mailer.example",
              "system": "notify-svc", "data_categories": MAIL, "region": "IE", "count": "12", "records": 12, "bytes": 61440},
        402: {"customer": "cust-kestrel", "system": "web-app",
              "purpose": "improve.analytics", "data_categories": EVENTS, "region": "IE", "count": 1, "records": 40, "bytes": 15200},
    }
    # Each takes the timestamp of the record before it, so the file stays in time order.
    lines = []
    it = iter(rows)
    seq = 0
    last_ts = rows[0]["ts"]
    total = len(rows) + len(bad)
    for line_no in range(1, total + 1):
        seq += 1
        fid = "f-%06d" % seq
        if line_no in bad:
            b = bad[line_no]
            if b == 'TRUNCATED':
                # A line cut off mid-write by a crashed exporter.
                lines.append('{"id": "%s", "ts": "%s", "customer": "cust-acme", "destination": "api.mailer.example", '
                             '"system": "notify-svc", "data_categories": ["user.con' % (fid, last_ts))
            else:
                lines.append(json.dumps(dict({"id": fid, "ts": last_ts}, **b)))
        else:
            row = next(it)
            last_ts = row["ts"]
            lines.append(json.dumps(dict({"id": fid}, **row)))
    with open(os.path.join(OUT, "egress.ndjson"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    return seq


# --- Nightly batch pipeline (XML) -----------------------------------------------------------
BACKUP = ["user.contact", "user.name", "user.identifier", "user.content"]
DB = ["user.contact", "user.name", "user.identifier", "user.content"]
PAY = ["user.name", "user.contact.email", "user.financial.card"]
CUSTOMERS = ["cust-acme", "cust-borealis", "cust-fjord", "cust-granite", "cust-hollis", "cust-kestrel"]
SIZE = {"cust-acme": 9, "cust-borealis": 6, "cust-fjord": 5, "cust-granite": 7, "cust-hollis": 3, "cust-kestrel": 4}


def pipeline_flows():
    flows = []

    def add(day, hour, minute, customer, system, destination, cats, region, operation, records, per_record,
            purpose=None, count=1, subprocessor=None):
        attrs = {"ts": ts_at(day, hour, minute, rng.randrange(60)), "customer": customer}
        if subprocessor:
            attrs["subprocessor"] = subprocessor
        attrs["destination"] = destination
        attrs["system"] = system
        if purpose:
            attrs["purpose"] = purpose
        attrs["region"] = region
        attrs["operation"] = operation
        attrs["count"] = str(count)
        attrs["records"] = str(records)
        attrs["bytes"] = str(records * per_record)
        flows.append((attrs, cats))

    for day in PIPELINE_NIGHTS:
        for i, customer in enumerate(CUSTOMERS):
            size = SIZE[customer]
            # 01:xx nightly encrypted backup of each tenant's schema.
            cats = BACKUP + (["user.health"] if customer == "cust-borealis" else [])
            add(day, 1, 5 + 4 * i, customer, "backup-job", "hel1.backup.vaultline.example", cats, "FI", "store",
                size * 10000 + rng.randrange(2000), 900)
        if day % 2 == 0:
            # Every other night: database replication checkpoint (pre-aggregated per tenant).
            for i, customer in enumerate(CUSTOMERS):
                add(day, 2, 10 + 3 * i, customer, "api-gateway", "rds.eu-central-1.amazonaws.com", DB, "DE", "store",
                    SIZE[customer] * 2500 + rng.randrange(500), 1200, count=24, subprocessor="sp-cloudhost")
        # 06:00 invoice runs for the tenants that use invoicing.
        for i, customer in enumerate(["cust-acme", "cust-fjord", "cust-granite", "cust-hollis"]):
            add(day, 6, 2 * i, customer, "billing-svc", "api.paywell.example", PAY, rng.choice(["IE", "NL"]), "transfer",
                5 + rng.randrange(60), 700)
        if day in (0, 1, 3, 5, 6):
            # Story 1: the nightly fine-tuning job exports closed support tickets to the ML vendor.
            # Allowed for Granite (purposes: improve); Borealis only approved triage.
            add(day, 3, 30, "cust-borealis", "ml-pipeline", "train.cortexlabs.example", ["user.content"], "NL", "transfer",
                300 + rng.randrange(200), 2600)
            add(day, 3, 45, "cust-granite", "ml-pipeline", "train.cortexlabs.example", ["user.content"], "NL", "transfer",
                500 + rng.randrange(300), 2600)
        if day in (1, 3, 5, 7):
            # Story 4: staging refresh copies production data out of the production boundary.
            add(day, 4, 0, "cust-acme", "etl-nightly", "acme-prod-snapshot.s3.eu-west-1.amazonaws.com",
                ["user.contact", "user.name", "user.content"], "IE", "store", 80000 + rng.randrange(5000), 1100)
            add(day, 4, 20, "cust-fjord", "etl-nightly", "staging-db.internal-copy.example",
                ["user.contact", "user.name", "user.content", "user.financial"], "NO", "store", 40000 + rng.randrange(3000), 1100)
    flows.sort(key=lambda f: (f[0]["ts"], f[0]["customer"]))
    return flows


def write_pipeline(flows, first_seq):
    order = ["id", "ts", "customer", "subprocessor", "destination", "system", "purpose", "region", "operation",
             "count", "records", "bytes"]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<!-- Nightly batch pipeline export (backup-job, api-gateway replication, billing-svc,',
           '     ml-pipeline, etl-nightly), 2026-11-20 .. 2026-11-27. Generated by',
           '     Scripts/make-demo-flows.py. A flow without `purpose` takes it from mappings.yml. -->',
           '<flows xmlns="urn:remit:flows:1">']
    seq = first_seq
    for attrs, cats in flows:
        seq += 1
        attrs = dict(attrs, id="f-%06d" % seq)
        text = " ".join("%s=%s" % (k, quoteattr(attrs[k])) for k in order if k in attrs)
        out.append("  <flow %s>" % text)
        for c in cats:
            out.append("    <category>%s</category>" % escape(c))
        out.append("  </flow>")
    out.append("</flows>")
    with open(os.path.join(OUT, "pipeline.xml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    last = write_egress(egress_records())
    write_pipeline(pipeline_flows(), last)


if __name__ == "__main__":
    main()
