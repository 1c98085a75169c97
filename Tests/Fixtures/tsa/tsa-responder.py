#!/usr/bin/env python3
"""A time-stamping authority for Faktura's tests: RFC 3161 over HTTP on 127.0.0.1.

A POST to /NAME (application/timestamp-query) is answered by `openssl ts -reply`, signed with
the certificate and key given for NAME, as application/timestamp-reply; one process can thus
play several authorities (a good one, one with an expired certificate, one of another CA). The
port it listens on is written to PORT_FILE once it listens. It stops by itself after LIFETIME
seconds, so that a test that dies never leaves it behind (the test kills it earlier).

    tsa-responder.py FOLDER PORT_FILE LIFETIME NAME=CERT,KEY [NAME=CERT,KEY ...]

FOLDER holds the openssl configuration written here and the TSA's serial number file.
"""
import http.server
import os
import subprocess
import sys
import tempfile
import threading

folder, port_file, lifetime = sys.argv[1], sys.argv[2], float(sys.argv[3])
signers = {}
for argument in sys.argv[4:]:
    name, files = argument.split("=", 1)
    signers[name] = files.split(",", 1)

config = os.path.join(folder, "tsa.cnf")
with open(config, "w") as out:
    out.write(f"""[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = {os.path.join(folder, "tsaserial")}
crypto_device = builtin
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
""")
with open(os.path.join(folder, "tsaserial"), "w") as out:
    out.write("01\n")


class Authority(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(length)
        if self.path.strip("/") not in signers:
            self.send_response(404)
            self.end_headers()
            return
        signer, key = signers[self.path.strip("/")]
        with tempfile.TemporaryDirectory(dir=folder) as scratch:
            query_file = os.path.join(scratch, "query.tsq")
            reply_file = os.path.join(scratch, "reply.tsr")
            with open(query_file, "wb") as out:
                out.write(query)
            done = subprocess.run(["openssl", "ts", "-reply", "-config", config, "-queryfile", query_file,
                                   "-signer", signer, "-inkey", key, "-out", reply_file],
                                  capture_output=True, timeout=60)
            if done.returncode != 0 or not os.path.exists(reply_file):
                self.send_response(500)
                self.end_headers()
                self.wfile.write(done.stderr)
                return
            with open(reply_file, "rb") as reply:
                body = reply.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Authority)
with open(port_file + ".partial", "w") as out:
    out.write(str(server.server_address[1]))
os.rename(port_file + ".partial", port_file)
threading.Timer(lifetime, server.shutdown).start()
server.serve_forever()
