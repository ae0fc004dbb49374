# SPDX-License-Identifier: Apache-2.0
"""A local SMTP sink for the reminder tests (Debian's python3-aiosmtpd): listens on
127.0.0.1 on a free port, writes the port to PORTFILE, and saves every message it is given as
OUTDIR/N.json (envelope sender, recipients, the message's bytes as text). Runs until killed.
Usage: python3 test/cli/smtp_sink.py PORTFILE OUTDIR"""
import asyncio
import json
import os
import sys

from aiosmtpd.smtp import SMTP


class Saver:
    def __init__(self, outdir):
        self.outdir, self.n = outdir, 0

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        msg = {"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
               "data": envelope.content.decode("ascii", "replace")}
        tmp = os.path.join(self.outdir, f".{self.n}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(msg, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(self.outdir, f"{self.n}.json"))
        return "250 OK"


async def main(portfile, outdir):
    saver = Saver(outdir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(saver, hostname="sink.test"), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    with open(portfile + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(portfile + ".tmp", portfile)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
