#!/usr/bin/env python3
# A log-in flood against a running `balie serve` on 127.0.0.1: N log-ins with wrong passwords for
# as many names, from K local source addresses (127.0.1.1 …) at once, while one customer reads
# their conversation every 100 ms; prints the customer's latency and the server's peak memory.
# Bounded: every request has a 120 s timeout. Python's standard library only.
#
#   python3 bench/login_flood.py PORT SERVER_PID [LOGINS=1000] [ADDRESSES=200]
#
# docs/benchmarks.md has the figures and how the server was started.
import http.client, json, sys, threading, time, statistics
if len(sys.argv) < 3:
    sys.exit("usage: login_flood.py PORT SERVER_PID [LOGINS] [ADDRESSES]")
port, pid = int(sys.argv[1]), int(sys.argv[2])
logins = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
addresses = int(sys.argv[4]) if len(sys.argv) > 4 else 200
def request(method, path, body=None, headers=None, source="127.0.0.1"):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
    h = {"Content-Type": "application/json", "Host": f"127.0.0.1:{port}"}
    h.update(headers or {})
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = c.getresponse(); data = r.read(); c.close(); return r.status, data
status, data = request("POST", "/api/v1/conversations", {"language": "nl"})
conv = json.loads(data)
latencies, statuses = [], {}
stop = False
def customer():
    n = 0
    while not stop:
        n += 1
        t = time.monotonic()
        s, _ = request("GET", f"/api/v1/conversations/{conv['id']}", None, {"Authorization": "Bearer " + conv["token"]})
        latencies.append(time.monotonic() - t)
        time.sleep(0.1)
def attacker(i):
    s, _ = request("POST", "/api/v1/staff/login", {"name": f"naam{i}", "password": f"fout {i}"}, source=f"127.0.1.{1 + i % addresses}")
    statuses[s] = statuses.get(s, 0) + 1
th = threading.Thread(target=customer); th.start()
time.sleep(1)
start = time.monotonic()
attackers = [threading.Thread(target=attacker, args=(i,)) for i in range(logins)]
for a in attackers: a.start()
for a in attackers: a.join()
took = time.monotonic() - start
time.sleep(1); stop = True; th.join()
hwm = [l for l in open(f"/proc/{pid}/status") if l.startswith("VmHWM")][0].split()[1]
print(f"log-ins: {logins} from {addresses} addresses in {took:.1f} s, answers {statuses}")
print(f"customer reads during the flood: {len(latencies)}, median {statistics.median(latencies)*1000:.0f} ms, max {max(latencies)*1000:.0f} ms")
print(f"server peak memory (VmHWM): {int(hwm)//1024} MiB")
