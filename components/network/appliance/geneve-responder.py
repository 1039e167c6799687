#!/usr/bin/env python3
"""Transparent GENEVE responder: a minimal AWS Gateway Load Balancer appliance.

The Gateway Load Balancer (GWLB) sends every packet of an inspected flow to an appliance wrapped in
GENEVE (RFC 8926, UDP 6081), with three AWS options (class 0x0108): the GWLB endpoint ID (type 1),
the attachment ID (type 2) and the flow cookie (type 3). An appliance that lets the packet through
returns it unchanged, GENEVE header and options included, to the GWLB node it came from: outer
source and destination addresses swapped, the UDP source port kept and the destination port 6081.

This responder does exactly that for every well-formed GWLB packet from an allowed source, and
drops everything else (it never reflects arbitrary UDP). With --log-flows it logs each new inner
flow once, as a JSON line, to stdout (the journal under systemd). A small HTTP server on the
health-check port answers the target group's TCP or HTTP health checks while the packet loop runs.

It keeps no per-flow state, so it tolerates target failover and rebalancing. Throughput is that of
one Python thread: enough for a working inspected path and for tests, not a replacement for a vendor
appliance or a kernel-bypass tunnel handler on busy paths.

Requires CAP_NET_RAW (a raw socket sets the reply's UDP source port). Python 3.9+, standard library.
"""

import argparse
import ipaddress
import json
import logging
import signal
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GENEVE_PORT = 6081
AWS_OPTION_CLASS = 0x0108
OPTION_ENDPOINT_ID, OPTION_ATTACHMENT_ID, OPTION_FLOW_COOKIE = 1, 2, 3
ETHERTYPE_IPV4, ETHERTYPE_IPV6 = 0x0800, 0x86DD
# Linux value of IP_PKTINFO, for Pythons whose socket module does not export it.
IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)
FLOW_TTL_SECONDS = 350  # GWLB's TCP idle timeout: a flow unseen this long is new again
MAX_TRACKED_FLOWS = 100_000
RECEIVE_BUFFER = 65535

log = logging.getLogger("geneve-responder")


class GenevePacket:
    """A parsed GWLB GENEVE payload: the AWS options and the inner packet."""

    __slots__ = ("protocol", "endpoint_id", "attachment_id", "flow_cookie", "inner")

    def __init__(self, protocol, endpoint_id, attachment_id, flow_cookie, inner):
        self.protocol = protocol
        self.endpoint_id = endpoint_id
        self.attachment_id = attachment_id
        self.flow_cookie = flow_cookie
        self.inner = inner


def parse_geneve(payload):
    """The GENEVE packet in a UDP payload, or None unless it is a well-formed GWLB packet.

    Well-formed: version 0, inner protocol IPv4 or IPv6, options inside the payload, and the three
    AWS options present with their documented lengths.
    """
    if len(payload) < 8 or payload[0] >> 6 != 0:
        return None
    options_end = 8 + (payload[0] & 0x3F) * 4
    protocol = struct.unpack_from("!H", payload, 2)[0]
    if protocol not in (ETHERTYPE_IPV4, ETHERTYPE_IPV6) or options_end > len(payload):
        return None
    found = {}
    offset = 8
    while offset < options_end:
        if offset + 4 > options_end:
            return None
        option_class, option_type, length = struct.unpack_from("!HBB", payload, offset)
        data_end = offset + 4 + (length & 0x1F) * 4
        if data_end > options_end:
            return None
        if option_class == AWS_OPTION_CLASS:
            found[option_type & 0x7F] = payload[offset + 4 : data_end]
        offset = data_end
    endpoint, attachment, cookie = (
        found.get(OPTION_ENDPOINT_ID),
        found.get(OPTION_ATTACHMENT_ID),
        found.get(OPTION_FLOW_COOKIE),
    )
    if endpoint is None or attachment is None or cookie is None:
        return None
    if len(endpoint) != 8 or len(attachment) != 8 or len(cookie) != 4:
        return None
    return GenevePacket(
        protocol,
        struct.unpack("!Q", endpoint)[0],
        struct.unpack("!Q", attachment)[0],
        struct.unpack("!I", cookie)[0],
        payload[options_end:],
    )


def reply_datagram(appliance_ip, gwlb_ip, gwlb_port, payload, geneve_port=GENEVE_PORT):
    """The IPv4 packet that returns `payload` to the GWLB node.

    Source: this appliance's address and the GWLB's source port; destination: the GWLB node on the
    GENEVE port (6081).
    The kernel fills in the IP checksum and ID; a zero UDP checksum means "none" over IPv4.
    """
    udp_length = 8 + len(payload)
    header = struct.pack(
        "!BBHHHBBH4s4s",
        0x45,  # IPv4, 5-word header
        0,
        20 + udp_length,
        0,
        0,
        64,
        socket.IPPROTO_UDP,
        0,
        socket.inet_aton(appliance_ip),
        socket.inet_aton(gwlb_ip),
    )
    return header + struct.pack("!HHHH", gwlb_port, geneve_port, udp_length, 0) + payload


def inner_flow(packet):
    """(protocol, source, source port, destination, destination port) of the inner packet or None."""
    inner = packet.inner
    if packet.protocol == ETHERTYPE_IPV4 and len(inner) >= 20:
        header_length = (inner[0] & 0x0F) * 4
        proto = inner[9]
        family, src, dst = socket.AF_INET, inner[12:16], inner[16:20]
    elif packet.protocol == ETHERTYPE_IPV6 and len(inner) >= 40:
        header_length = 40
        proto = inner[6]
        family, src, dst = socket.AF_INET6, inner[8:24], inner[24:40]
    else:
        return None
    ports = (0, 0)
    if proto in (6, 17) and len(inner) >= header_length + 4:
        ports = struct.unpack_from("!HH", inner, header_length)
    return proto, socket.inet_ntop(family, src), ports[0], socket.inet_ntop(family, dst), ports[1]


class FlowLog:
    """Logs each inner flow the first time it is seen (again after FLOW_TTL_SECONDS idle)."""

    def __init__(self):
        self.seen = {}

    def observe(self, packet, now):
        flow = inner_flow(packet)
        if flow is None:
            return
        key = (packet.endpoint_id,) + flow
        last = self.seen.get(key)
        self.seen[key] = now
        if last is not None and now - last < FLOW_TTL_SECONDS:
            return
        if len(self.seen) > MAX_TRACKED_FLOWS:
            cutoff = now - FLOW_TTL_SECONDS
            self.seen = {k: t for k, t in self.seen.items() if t >= cutoff}
        proto, src, sport, dst, dport = flow
        print(
            json.dumps(
                {
                    "event": "flow",
                    "gwlbEndpointId": "vpce-%017x" % packet.endpoint_id,
                    "attachmentId": packet.attachment_id,
                    "protocol": proto,
                    "source": src,
                    "sourcePort": sport,
                    "destination": dst,
                    "destinationPort": dport,
                }
            ),
            flush=True,
        )


class Responder:
    """Receives GENEVE on the listen address and returns each GWLB packet to its sender."""

    def __init__(self, listen, port, allowed_sources, log_flows):
        self.port = port
        self.allowed = [ipaddress.ip_network(c) for c in allowed_sources]
        self.flows = FlowLog() if log_flows else None
        self.returned = 0
        self.dropped = 0
        self.receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.receiver.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
        self.receiver.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
        self.receiver.bind((listen, port))
        self.sender = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
        self.alive = threading.Event()

    def allowed_source(self, address):
        ip = ipaddress.ip_address(address)
        return any(ip in network for network in self.allowed)

    def handle(self, payload, source, destination_ip, now):
        """Returns the packet to its GWLB node; True when it was returned, False when dropped."""
        packet = parse_geneve(payload) if self.allowed_source(source[0]) else None
        if packet is None:
            self.dropped += 1
            return False
        if self.flows is not None:
            self.flows.observe(packet, now)
        # The kernel takes the destination from the header; the address's port must be zero.
        reply = reply_datagram(destination_ip, source[0], source[1], payload, self.port)
        self.sender.sendto(reply, (source[0], 0))
        self.returned += 1
        return True

    def serve(self):
        self.alive.set()
        try:
            while True:
                payload, ancillary, _flags, source = self.receiver.recvmsg(
                    RECEIVE_BUFFER, socket.CMSG_SPACE(12)
                )
                destination_ip = None
                for level, kind, data in ancillary:
                    if level == socket.IPPROTO_IP and kind == IP_PKTINFO and len(data) >= 12:
                        destination_ip = socket.inet_ntoa(data[8:12])
                if destination_ip is None:
                    self.dropped += 1
                    continue
                try:
                    self.handle(payload, source, destination_ip, time.monotonic())
                except OSError as error:
                    self.dropped += 1
                    log.warning("could not return a packet to %s: %s", source[0], error)
        finally:
            self.alive.clear()


def health_handler(responder, path):
    """An HTTP handler that reports healthy while the packet loop runs."""

    class Health(BaseHTTPRequestHandler):
        def do_GET(self):
            if path is not None and self.path != path:
                self.send_error(404)
                return
            healthy = responder.alive.is_set()
            body = json.dumps(
                {"healthy": healthy, "returned": responder.returned, "dropped": responder.dropped}
            ).encode()
            self.send_response(200 if healthy else 503)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            pass

    return Health


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="0.0.0.0", help="address to receive GENEVE on")
    parser.add_argument("--port", type=int, default=GENEVE_PORT, help="GENEVE port (6081 with a GWLB)")
    parser.add_argument(
        "--allowed-source",
        action="append",
        required=True,
        help="CIDR the GWLB nodes send from (its subnets); repeat for each",
    )
    parser.add_argument("--health-port", type=int, required=True)
    parser.add_argument("--health-path", help="HTTP path that answers 200 (unset: any path)")
    parser.add_argument("--log-flows", action="store_true", help="log each new inner flow as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")

    responder = Responder(args.listen, args.port, args.allowed_source, args.log_flows)
    handler = health_handler(responder, args.health_path)
    health = ThreadingHTTPServer(("0.0.0.0", args.health_port), handler)
    threading.Thread(target=health.serve_forever, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    log.info(
        "returning GENEVE on %s:%d from %s; health on :%d",
        args.listen,
        args.port,
        ", ".join(args.allowed_source),
        args.health_port,
    )
    responder.serve()


if __name__ == "__main__":
    main()
