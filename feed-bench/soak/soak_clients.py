#!/usr/bin/env python3
"""Churning clients for the soak run (run-soak.sh), written without any of the project's code.

/stream workers connect, subscribe, unsubscribe, resume from seqs they saw on an earlier connection,
ping, send bad input, and disconnect cleanly or abruptly, all at random. /sse workers open streams, cut
them at random, resume half of them with Last-Event-ID, and one stream in five is never read.

Checks: every /stream text message is JSON and no server frame is masked or fragmented; for every
symbol a worker follows unthrottled, ticks are contiguous after its snapshot or from the resume point
(no gap, no duplicate), and a tick never comes before the snapshot of a new subscription. The last line
is the verdict; the exit status is 1 if anything failed.

usage: soak_clients.py STREAM_PORT HTTP_PORT SECONDS WS_WORKERS SSE_WORKERS [SEED]
"""
import base64, json, os, random, socket, struct, sys, threading, time, collections

HOST = "127.0.0.1"
PORT, HTTP_PORT = int(sys.argv[1]), int(sys.argv[2])
DURATION = float(sys.argv[3])
WORKERS, SSE_WORKERS = int(sys.argv[4]), int(sys.argv[5])
seed = int(sys.argv[6]) if len(sys.argv) > 6 else 1
stats = collections.Counter()
problems = []
lock = threading.Lock()

def note(k, n=1):
    with lock:
        stats[k] += n

def problem(msg):
    with lock:
        if len(problems) < 50:
            problems.append(msg)
        stats["PROBLEM"] += 1

def check_next(where, sym, prev, seq):
    """A followed symbol's next tick must be prev + 1."""
    if seq != prev + 1:
        problem(f"{where}{'gap' if seq > prev else 'duplicate'} {sym}: {prev} -> {seq}")

def frame(opcode, payload):
    mask = os.urandom(4)
    n = len(payload)
    head = bytes([0x80 | opcode])
    if n < 126: head += bytes([0x80 | n])
    elif n < 65536: head += bytes([0x80 | 126]) + struct.pack(">H", n)
    else: head += bytes([0x80 | 127]) + struct.pack(">Q", n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))

class Conn:
    def __init__(self, query=""):
        self.s = socket.create_connection((HOST, PORT), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        req = (f"GET /stream{query} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.s.sendall(req.encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            d = self.s.recv(4096)
            if not d: raise IOError("closed during handshake")
            self.buf += d
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        if not head.startswith(b"HTTP/1.1 101"):
            raise IOError("handshake: " + head.split(b"\r\n")[0].decode())
        self.last = {}      # symbol -> last seq seen (checked symbols)
        self.state = {}     # symbol -> checked | await | strict | unchecked
        self.subscribed = set()
        self.ever = set()
        self.names = None   # from a symbols reply
        self.epoch = None
        self.closed = None

    def send(self, obj_or_text):
        data = obj_or_text if isinstance(obj_or_text, str) else json.dumps(obj_or_text)
        self.s.sendall(frame(1, data.encode()))

    def read_for(self, seconds):
        end = time.time() + seconds
        while time.time() < end and self.closed is None:
            self.s.settimeout(max(0.01, end - time.time()))
            try:
                d = self.s.recv(65536)
            except socket.timeout:
                continue
            if not d:
                self.closed = "eof"; return
            self.buf += d
            self.parse()

    def parse(self):
        while True:
            b = self.buf
            if len(b) < 2: return
            op = b[0] & 0x0F; n = b[1] & 0x7F; off = 2
            if b[1] & 0x80: problem("masked server frame")
            if n == 126:
                if len(b) < 4: return
                n = struct.unpack(">H", b[2:4])[0]; off = 4
            elif n == 127:
                if len(b) < 10: return
                n = struct.unpack(">Q", b[2:10])[0]; off = 10
            if len(b) < off + n: return
            payload = b[off:off + n]; self.buf = b[off + n:]
            if not b[0] & 0x80: problem("fragmented server frame")
            if op == 1: self.message(payload)
            elif op == 8:
                code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005
                note(f"close {code}")
                self.closed = f"close {code}"; return
            elif op == 9:
                self.s.sendall(frame(10, payload))

    def subscribe(self, syms, throttle, frm):
        for s in syms:
            if s in self.subscribed:
                if throttle: self.state[s] = "unchecked"
            elif throttle:
                self.state[s] = "unchecked"
            elif s in frm:
                if s in self.ever: self.state[s] = "unchecked"
                else: self.state[s] = "checked"; self.last[s] = frm[s]
            else:
                self.state[s] = "await" if s in self.ever else "strict"
            self.subscribed.add(s); self.ever.add(s)

    def unsubscribe(self, syms):
        for s in syms:
            self.subscribed.discard(s); self.state[s] = "unchecked"

    def message(self, payload):
        try:
            m = json.loads(payload)
        except ValueError:
            problem("not JSON: %r" % payload[:80]); return
        t = m.get("type")
        note("msg " + str(t))
        if t == "subscribed":
            self.epoch = m.get("epoch")
        elif t == "symbols":
            self.names = [x["symbol"] for x in m["symbols"]]
        elif t == "snapshot":
            s = m["symbol"]
            if self.state.get(s) in ("checked", "await", "strict"):
                self.state[s] = "checked"; self.last[s] = m["seq"]
        elif t == "tick":
            s = m["symbol"]
            st = self.state.get(s)
            if st == "strict":
                problem(f"tick of {s} seq {m['seq']} before its snapshot"); self.state[s] = "unchecked"; return
            if st != "checked": return
            check_next("", s, self.last[s], m["seq"])
            self.last[s] = m["seq"]
        elif t == "error":
            note("error " + str(m.get("code")))

    def close(self, clean):
        try:
            if clean:
                self.s.sendall(frame(8, struct.pack(">H", 1000)))
                self.read_for(1.0)
            self.s.close()
        except OSError:
            pass

def symbols_of():
    """The current symbol names, asked for on a connection of their own."""
    c = Conn()
    c.send({"op": "symbols", "id": "s"})
    end = time.time() + 3
    while c.names is None and c.closed is None and time.time() < end:
        c.read_for(0.1)
    c.close(False)
    return c.names or []

def worker(i):
    rnd = random.Random(seed * 1000 + i)
    end = time.time() + DURATION
    remembered = {}  # symbol -> (epoch, seq) from a previous connection, for resumes
    while time.time() < end:
        try:
            names = symbols_of()
            q = ""
            if rnd.random() < 0.2:
                q = "?symbols=" + ",".join(rnd.sample(names, min(3, len(names))))
            c = Conn(q)
            if q:
                c.subscribe(q[9:].split(","), 0, {})
            note("connections")
            for _ in range(rnd.randint(1, 12)):
                r = rnd.random()
                if r < 0.35:
                    syms = rnd.sample(names, min(len(names), rnd.randint(1, 5)))
                    msg = {"op": "subscribe", "symbols": syms, "id": rnd.randint(1, 99)}
                    throttle = rnd.choice([10, 100, 250]) if rnd.random() < 0.3 else 0
                    if throttle: msg["throttleMs"] = throttle
                    frm = {}
                    if rnd.random() < 0.7:
                        frm = {s: remembered[s][1] for s in syms if s in remembered}
                        if frm:
                            msg["from"] = frm
                            msg["epoch"] = next(iter(remembered.values()))[0]
                            note("resumes")
                    c.subscribe(syms, throttle, frm)
                    c.send(msg)
                elif r < 0.45:
                    throttle = 250 if rnd.random() < 0.5 else 0
                    c.send({"op": "subscribe", "symbols": ["*"], **({"throttleMs": throttle} if throttle else {})})
                    for s in names:
                        c.subscribed.add(s); c.ever.add(s); c.state[s] = "unchecked"
                elif r < 0.6 and c.subscribed:
                    syms = rnd.sample(sorted(c.subscribed), min(len(c.subscribed), 2))
                    c.send({"op": "unsubscribe", "symbols": syms})
                    c.unsubscribe(syms)
                elif r < 0.7:
                    c.send({"op": "ping", "id": "p"})
                elif r < 0.75:
                    c.send(rnd.choice(['{"op":"subscribe"', '[]', '{"op":"nope"}', '{"op":"subscribe","symbols":["NOPE_X"]}',
                                       '{"op":"subscribe","symbols":"AAPL"}', '\u00e9\u00e9']))
                else:
                    c.send({"op": "symbols"})
                c.read_for(rnd.uniform(0.05, 1.5))
                if c.closed: break
            if c.epoch:
                for s, st in c.state.items():
                    if st == "checked":
                        remembered[s] = (c.epoch, c.last[s])
            c.close(rnd.random() < 0.5)
        except (OSError, IOError) as e:
            note("conn error " + type(e).__name__)
            time.sleep(0.2)


def sse_worker(i):
    """SSE streams of AAPL and MSFT, cut at random; half resumed with Last-Event-ID of AAPL; one in five
    asks for every symbol and is never read."""
    rnd = random.Random(seed * 7919 + i)
    end = time.time() + DURATION
    last_id = None
    while time.time() < end:
        never_read = rnd.random() < 0.2
        throttle = rnd.choice([0, 0, 100])
        resume = last_id if (last_id and not throttle and rnd.random() < 0.5) else None
        try:
            s = socket.create_connection((HOST, HTTP_PORT), timeout=10)
            if never_read:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            # A stream that is never read asks for every symbol, enough to fill its socket within a second.
            target = "/sse" if never_read else f"/sse?symbols=AAPL,MSFT{'&throttleMs=%d' % throttle if throttle else ''}"
            head = f"GET {target} HTTP/1.1\r\nHost: {HOST}\r\n"
            if resume:
                head += f"Last-Event-ID: {resume}\r\n"
            s.sendall((head + "\r\n").encode())
            note("sse streams")
            if never_read:
                time.sleep(rnd.uniform(2, 6)); s.close(); note("sse never read"); continue
            if resume:
                note("sse resumes")
            s.settimeout(0.2)
            stop = time.time() + rnd.uniform(0.5, 4)
            reader = SseReader(throttle, int(resume.rsplit(":", 1)[1]) if resume else None)
            buf = b""; body = None
            while time.time() < stop:
                try:
                    d = s.recv(65536)
                except socket.timeout:
                    continue
                if not d:
                    break
                buf += d
                if body is None:
                    if b"\r\n\r\n" not in buf:
                        continue
                    h, buf = buf.split(b"\r\n\r\n", 1)
                    if not h.startswith(b"HTTP/1.1 200"):
                        problem("sse status: " + h.split(b"\r\n")[0].decode()); break
                    body = b""
                body += buf; buf = b""
                while True: # the body is chunked: take off each complete chunk
                    data, rest = dechunk(body)
                    if rest is None:
                        break
                    body = rest
                    reader.feed(data)
            s.close()
            if not throttle and reader.state.get("AAPL") == "checked" and reader.epoch:
                last_id = f"{reader.epoch}:AAPL:{reader.last['AAPL']}"
        except OSError as e:
            note("sse conn error " + type(e).__name__)
            time.sleep(0.2)

def dechunk(body):
    """One chunk off the front of a chunked body: (its bytes, the rest), or (None, None) if incomplete."""
    nl = body.find(b"\r\n")
    if nl < 0:
        return None, None
    size = int(body[:nl].split(b";")[0], 16)
    if len(body) < nl + 2 + size + 2:
        return None, None
    return body[nl + 2:nl + 2 + size], body[nl + 2 + size + 2:]

class SseReader:
    """One SSE stream's events: AAPL and MSFT followed from their snapshots, or AAPL from a resume point."""

    def __init__(self, throttle, resumed_after):
        self.throttle = throttle
        self.pending = b""
        self.epoch = None
        self.state = {}     # symbol -> checked | unchecked
        self.last = {}      # symbol -> last seq seen (checked symbols)
        if resumed_after is not None:
            self.state["AAPL"] = "checked"; self.last["AAPL"] = resumed_after

    def feed(self, data):
        self.pending += data
        while b"\n\n" in self.pending:
            block, self.pending = self.pending.split(b"\n\n", 1)
            fields = {}
            for line in block.decode().split("\n"):
                if line.startswith(":") or not line:
                    continue
                k, _, v = line.partition(": ")
                fields[k] = v
            ev = fields.get("event")
            if ev in ("snapshot", "tick"):
                self.event(ev, fields)

    def event(self, ev, fields):
        note("sse " + ev)
        m = json.loads(fields["data"])
        sym = m["symbol"]
        if self.epoch is None:
            self.epoch = fields.get("id", "").split(":")[0]
        if self.throttle:
            return
        if ev == "snapshot":
            self.state[sym] = "checked"; self.last[sym] = m["seq"]
        elif self.state.get(sym) != "checked":
            problem(f"sse tick of {sym} seq {m['seq']} before its snapshot or resume point")
            self.state[sym] = "unchecked"
        else:
            check_next("sse ", sym, self.last[sym], m["seq"])
            self.last[sym] = m["seq"]

threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(WORKERS)]
threads += [threading.Thread(target=sse_worker, args=(i,), daemon=True) for i in range(SSE_WORKERS)]
for t in threads: t.start()
for t in threads: t.join()
print("counts:", json.dumps(dict(sorted(stats.items()))))
for p in problems: print("  problem:", p)
print("clients: " + ("PASS" if not problems else f"FAIL ({stats['PROBLEM']} problems)"))
sys.exit(1 if problems else 0)
