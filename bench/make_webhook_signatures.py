#!/usr/bin/env python3
"""One X-Recguard-Signature per bench webhook body, line n for body n (n from 0).

The body template must stay byte-identical to webhook_ingest.lua's: the
signature is over the exact bytes (core/ingress/webhook_signature.hpp).
Usage: make_webhook_signatures.py SECRET COUNT > signatures.txt
"""
import hashlib
import hmac
import sys

TEMPLATE = ('{{"topicName":"v2.users.bench.conversations.call-{0}.recordings","version":"2",'
            '"eventBody":{{"id":"rec-{0}","conversationId":"call-{0}","fileState":"UPLOADING"}},'
            '"metadata":{{"CorrelationId":"bench-{0}"}}}}')


def main() -> None:
    secret = sys.argv[1].encode()
    count = int(sys.argv[2])
    out = sys.stdout
    for n in range(count):
        body = TEMPLATE.format(n).encode()
        out.write("sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest() + "\n")


if __name__ == "__main__":
    main()
