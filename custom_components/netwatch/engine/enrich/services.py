"""Names for IP protocols and transport ports, for panels, tables and scan reports.

Facts come from the IANA registries ("Protocol Numbers" and "Service Name and Transport Protocol
Port Number Registry"); protocol names are the lower-case ones of /etc/protocols (netbase), which
iptables and nftables accept. Where the IANA keyword is obscure the short
`name` is the one people use (3389 is IANA's "ms-wbt-server", known as RDP); ports that are not
registered but are well known from scanner traffic (Mirai's 2323, the Netis/Netcore backdoor on
53413/udp) carry `iana=None`.
"""

from __future__ import annotations

from typing import NamedTuple

TCP = 6
UDP = 17

_PROTOCOLS: dict[int, str] = {
    1: "icmp",
    2: "igmp",
    4: "ipencap",  # IP-in-IP encapsulation
    6: "tcp",
    17: "udp",
    41: "ipv6",  # 6in4 tunnels (e.g. Hurricane Electric)
    47: "gre",
    50: "esp",
    51: "ah",
    58: "ipv6-icmp",
    89: "ospf",
    103: "pim",
    112: "vrrp",
    132: "sctp",
    136: "udplite",
}
_PROTOCOL_NUMBERS = {name: number for number, name in _PROTOCOLS.items()}


class Service(NamedTuple):
    """One well-known service on a transport port."""

    name: str
    """Short lower-case name shown in panels ("telnet", "rdp")."""
    iana: str | None
    """IANA service name, None when the port is not registered for this use."""
    description: str
    scanned: bool
    """Commonly probed by internet-wide scanners and botnets."""


def _s(name: str, iana: str | None, description: str, *, scanned: bool = False) -> Service:
    return Service(name, iana, description, scanned)


_BOTH = (TCP, UDP)

# (protocols, port, service). Kept as data, not code: adding a port is one line.
_TABLE: tuple[tuple[tuple[int, ...], int, Service], ...] = (
    ((UDP,), 19, _s("chargen", "chargen", "Character generator (UDP amplification)", scanned=True)),
    ((TCP,), 20, _s("ftp-data", "ftp-data", "FTP data")),
    ((TCP,), 21, _s("ftp", "ftp", "FTP control", scanned=True)),
    ((TCP,), 22, _s("ssh", "ssh", "Secure Shell", scanned=True)),
    ((TCP,), 23, _s("telnet", "telnet", "Telnet", scanned=True)),
    ((TCP,), 25, _s("smtp", "smtp", "Mail transfer (SMTP)", scanned=True)),
    (_BOTH, 53, _s("dns", "domain", "Domain Name System", scanned=True)),
    ((UDP,), 67, _s("dhcp", "bootps", "DHCP / BOOTP server")),
    ((UDP,), 68, _s("dhcp-client", "bootpc", "DHCP / BOOTP client")),
    ((UDP,), 69, _s("tftp", "tftp", "Trivial File Transfer", scanned=True)),
    ((TCP,), 80, _s("http", "http", "Web (HTTP)", scanned=True)),
    (_BOTH, 88, _s("kerberos", "kerberos", "Kerberos")),
    ((TCP,), 110, _s("pop3", "pop3", "Mail retrieval (POP3)")),
    (_BOTH, 111, _s("sunrpc", "sunrpc", "ONC RPC portmapper", scanned=True)),
    ((UDP,), 123, _s("ntp", "ntp", "Network Time Protocol", scanned=True)),
    ((TCP,), 135, _s("msrpc", "epmap", "Microsoft RPC endpoint mapper", scanned=True)),
    ((UDP,), 137, _s("netbios-ns", "netbios-ns", "NetBIOS name service", scanned=True)),
    ((UDP,), 138, _s("netbios-dgm", "netbios-dgm", "NetBIOS datagram service")),
    ((TCP,), 139, _s("netbios-ssn", "netbios-ssn", "NetBIOS session service", scanned=True)),
    ((TCP,), 143, _s("imap", "imap", "Mail access (IMAP)")),
    (_BOTH, 161, _s("snmp", "snmp", "SNMP", scanned=True)),
    (_BOTH, 162, _s("snmptrap", "snmptrap", "SNMP traps")),
    ((TCP,), 179, _s("bgp", "bgp", "Border Gateway Protocol")),
    (_BOTH, 389, _s("ldap", "ldap", "LDAP (CLDAP amplification over UDP)", scanned=True)),
    (_BOTH, 443, _s("https", "https", "Web (HTTPS, HTTP/3)", scanned=True)),
    ((TCP,), 445, _s("smb", "microsoft-ds", "Windows file sharing (SMB)", scanned=True)),
    ((TCP,), 465, _s("submissions", "submissions", "Mail submission over TLS")),
    ((UDP,), 500, _s("isakmp", "isakmp", "IPsec key exchange (IKE)", scanned=True)),
    ((TCP,), 502, _s("modbus", "mbap", "Modbus/TCP", scanned=True)),
    ((TCP,), 514, _s("shell", "shell", "rsh remote shell")),
    ((UDP,), 514, _s("syslog", "syslog", "Syslog")),
    ((TCP,), 515, _s("printer", "printer", "Line printer daemon")),
    (_BOTH, 554, _s("rtsp", "rtsp", "Real Time Streaming Protocol", scanned=True)),
    ((TCP,), 587, _s("submission", "submission", "Mail submission")),
    ((TCP,), 631, _s("ipp", "ipp", "Internet Printing Protocol")),
    (_BOTH, 636, _s("ldaps", "ldaps", "LDAP over TLS")),
    (_BOTH, 853, _s("dns-over-tls", "domain-s", "DNS over TLS / DTLS")),
    ((TCP,), 873, _s("rsync", "rsync", "rsync")),
    ((TCP,), 990, _s("ftps", "ftps", "FTP over TLS")),
    ((TCP,), 992, _s("telnets", "telnets", "Telnet over TLS")),
    ((TCP,), 993, _s("imaps", "imaps", "IMAP over TLS")),
    ((TCP,), 995, _s("pop3s", "pop3s", "POP3 over TLS")),
    ((TCP,), 1080, _s("socks", "socks", "SOCKS proxy", scanned=True)),
    (_BOTH, 1194, _s("openvpn", "openvpn", "OpenVPN")),
    ((TCP,), 1433, _s("mssql", "ms-sql-s", "Microsoft SQL Server", scanned=True)),
    ((UDP,), 1434, _s("mssql-monitor", "ms-sql-m", "Microsoft SQL Server browser", scanned=True)),
    ((UDP,), 1701, _s("l2tp", "l2tp", "Layer 2 Tunneling Protocol")),
    ((TCP,), 1723, _s("pptp", "pptp", "PPTP VPN", scanned=True)),
    (_BOTH, 1812, _s("radius", "radius", "RADIUS authentication")),
    ((TCP,), 1883, _s("mqtt", "mqtt", "MQTT", scanned=True)),
    ((UDP,), 1900, _s("ssdp", "ssdp", "UPnP discovery (SSDP amplification)", scanned=True)),
    (_BOTH, 2049, _s("nfs", "nfs", "Network File System")),
    ((TCP,), 2323, _s("telnet-alt", None, "Alternate Telnet (Mirai-family botnets)", scanned=True)),
    ((TCP,), 2375, _s("docker", "docker", "Docker API (plain)", scanned=True)),
    ((TCP,), 2376, _s("docker-s", "docker-s", "Docker API (TLS)", scanned=True)),
    ((TCP,), 3306, _s("mysql", "mysql", "MySQL", scanned=True)),
    (_BOTH, 3389, _s("rdp", "ms-wbt-server", "Remote Desktop (RDP)", scanned=True)),
    (_BOTH, 3478, _s("stun", "stun", "STUN / TURN")),
    (
        (UDP,),
        3702,
        _s("ws-discovery", "ws-discovery", "WS-Discovery (amplification)", scanned=True),
    ),
    ((UDP,), 4500, _s("ipsec-nat-t", "ipsec-nat-t", "IPsec NAT traversal")),
    (_BOTH, 5060, _s("sip", "sip", "SIP (VoIP)", scanned=True)),
    (_BOTH, 5061, _s("sips", "sips", "SIP over TLS")),
    ((UDP,), 5353, _s("mdns", "mdns", "Multicast DNS")),
    (_BOTH, 5355, _s("llmnr", "llmnr", "Link-Local Multicast Name Resolution")),
    ((TCP,), 5432, _s("postgresql", "postgresql", "PostgreSQL", scanned=True)),
    ((TCP,), 5555, _s("adb", None, "Android Debug Bridge over TCP", scanned=True)),
    ((UDP,), 5683, _s("coap", "coap", "Constrained Application Protocol", scanned=True)),
    ((TCP,), 5900, _s("vnc", "rfb", "VNC remote framebuffer", scanned=True)),
    ((TCP,), 5985, _s("winrm", "wsman", "Windows Remote Management (HTTP)", scanned=True)),
    ((TCP,), 5986, _s("winrm-s", "wsmans", "Windows Remote Management (HTTPS)", scanned=True)),
    ((TCP,), 6379, _s("redis", "redis", "Redis", scanned=True)),
    ((TCP,), 7547, _s("tr-069", "cwmp", "TR-069 router management (CWMP)", scanned=True)),
    ((TCP,), 8008, _s("http-alt", "http-alt", "Alternate HTTP", scanned=True)),
    ((TCP,), 8080, _s("http-alt", "http-alt", "Alternate HTTP / proxy", scanned=True)),
    ((TCP,), 8443, _s("https-alt", "pcsync-https", "Alternate HTTPS", scanned=True)),
    ((TCP,), 8883, _s("mqtt-tls", "secure-mqtt", "MQTT over TLS")),
    ((TCP,), 9100, _s("jetdirect", "pdl-datastream", "Raw printing (JetDirect)", scanned=True)),
    ((TCP,), 11211, _s("memcache", "memcache", "memcached", scanned=True)),
    ((UDP,), 11211, _s("memcache", "memcache", "memcached (UDP amplification)", scanned=True)),
    ((TCP,), 20000, _s("dnp3", "dnp", "DNP3 (industrial control)", scanned=True)),
    ((TCP,), 27017, _s("mongodb", "mongodb", "MongoDB", scanned=True)),
    ((TCP,), 37215, _s("huawei-hg532", None, "Huawei HG532 UPnP exploit", scanned=True)),
    ((UDP,), 47808, _s("bacnet", "bacnet", "BACnet building automation", scanned=True)),
    ((UDP,), 51820, _s("wireguard", None, "WireGuard (default port)")),
    ((TCP,), 52869, _s("realtek-upnp", None, "Realtek SDK UPnP exploit", scanned=True)),
    ((UDP,), 53413, _s("netis-backdoor", None, "Netis/Netcore router backdoor", scanned=True)),
)

_SERVICES: dict[tuple[int, int], Service] = {
    (protocol, port): service for protocols, port, service in _TABLE for protocol in protocols
}


def protocol_name(protocol: int) -> str:
    """Return the lower-case name of an IP protocol number ("tcp"), else the number as text."""
    return _PROTOCOLS.get(protocol) or str(protocol)


def protocol_number(name: str) -> int | None:
    """Return the protocol number for a name from `protocol_name` (or digits), else None."""
    if name.isdigit():
        return int(name)
    return _PROTOCOL_NUMBERS.get(name.lower())


def service(protocol: int, port: int) -> Service | None:
    """Return the well-known service on a TCP/UDP port, else None."""
    return _SERVICES.get((protocol, port))


def service_name(protocol: int, port: int) -> str | None:
    """Return the short service name for a TCP/UDP port ("telnet", "rdp"), else None."""
    found = _SERVICES.get((protocol, port))
    return found.name if found is not None else None


def commonly_scanned(protocol: int, port: int) -> bool:
    """Tell whether internet-wide scanners and botnets commonly probe this port."""
    found = _SERVICES.get((protocol, port))
    return found is not None and found.scanned
