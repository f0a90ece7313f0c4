"""Write synthetic.pcap: the packets softflowd turns into the test exports (nothing is sent).

Needs scapy (`pip install scapy`, outside the rig); run from this folder: `python gen_pcap.py`.
Sources come from MaxMind's test-database ranges so the test GeoIP databases give countries;
destinations are documentation addresses (RFC 5737, RFC 3849).
"""

from __future__ import annotations

import random

from scapy.all import ICMP, IP, TCP, UDP, Ether, IPv6, Packet, Raw, wrpcap  # type: ignore[import]

SERVER = "192.0.2.10"
CLIENTS = ["81.2.69.142", "216.160.83.56", "89.160.20.112", "175.16.199.10"]  # GB US SE CN
SCANNER = "67.43.156.7"  # BT: a SYN scan of ports 20-79
PINGER = "202.196.224.5"  # PH: ICMP echo
RESOLVER = "198.51.100.53"
IPV6_SOURCE, IPV6_SERVER = "2001:218::1", "2001:db8::10"  # JP


def main() -> None:
    """Build the packets one millisecond apart from 2023-11-14T22:13:20Z and write the file."""
    rng = random.Random(1)
    packets: list[Packet] = []
    clock = [1_700_000_000.0]

    def add(layer: Packet) -> None:
        # Summed step by step, as when the file was made: the float drift (…008999 s) is in it.
        clock[0] += 0.001
        frame = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / layer
        frame.time = clock[0]
        packets.append(frame)

    for client in CLIENTS:  # a short HTTPS session each
        port = rng.randint(1024, 65000)
        add(IP(src=client, dst=SERVER) / TCP(sport=port, dport=443, flags="S"))
        add(IP(src=SERVER, dst=client) / TCP(sport=443, dport=port, flags="SA"))
        for _ in range(5):
            add(
                IP(src=client, dst=SERVER)
                / TCP(sport=port, dport=443, flags="PA")
                / Raw(b"x" * 100)
            )
            add(
                IP(src=SERVER, dst=client)
                / TCP(sport=443, dport=port, flags="PA")
                / Raw(b"y" * 1000)
            )
        add(IP(src=client, dst=SERVER) / TCP(sport=port, dport=443, flags="FA"))
    for port in range(20, 80):
        add(IP(src=SCANNER, dst=SERVER) / TCP(sport=40000, dport=port, flags="S"))
    for i in range(3):  # DNS
        add(IP(src=SERVER, dst=RESOLVER) / UDP(sport=5353 + i, dport=53) / Raw(b"q" * 40))
        add(IP(src=RESOLVER, dst=SERVER) / UDP(sport=53, dport=5353 + i) / Raw(b"a" * 120))
    for seq in range(4):
        add(IP(src=PINGER, dst=SERVER) / ICMP(type=8, id=1, seq=seq))
    for _ in range(3):
        add(IPv6(src=IPV6_SOURCE, dst=IPV6_SERVER) / TCP(sport=50000, dport=22, flags="S"))
    wrpcap("synthetic.pcap", packets)
    print(len(packets), "packets")


if __name__ == "__main__":
    main()
