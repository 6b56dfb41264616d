#!/usr/bin/env python3
"""Read an Airbyte source's stdout, count RECORD messages per stream and their bytes, drop them.

Writes a JSON summary to argv[1]: per stream records, bytes, first/last record time (seconds since
argv[2], the start time); total stdout bytes; the last STATE message per stream (for the next
incremental run) and any ERROR trace / ERROR log lines.
"""
import json, sys, time

out_path, t0 = sys.argv[1], float(sys.argv[2])
streams, states, errors = {}, {}, []
total_bytes = 0
RECORD = b'{"type":"RECORD"'
inp = sys.stdin.buffer
for line in inp:
    total_bytes += len(line)
    if line.startswith(RECORD):
        i = line.find(b'"stream":"') + 10
        name = line[i:line.find(b'"', i)].decode()
        s = streams.get(name)
        now = time.time() - t0
        if s is None:
            s = streams[name] = {"records": 0, "bytes": 0, "first": now}
        s["records"] += 1
        s["bytes"] += len(line)
        s["last"] = now
        continue
    if line.startswith(b'{"type":"STATE"'):
        m = json.loads(line)
        st = m["state"]
        if st.get("type") == "STREAM":
            states[st["stream"]["stream_descriptor"]["name"]] = st
        continue
    if b'"ERROR"' in line or b'"FATAL"' in line:
        errors.append(line.decode(errors="replace")[:2000])
with open(out_path, "w") as f:
    json.dump({"streams": streams, "stdout_bytes": total_bytes, "end": time.time() - t0,
               "states": list(states.values()), "errors": errors}, f)
