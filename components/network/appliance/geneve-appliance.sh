#!/bin/bash
# hub-network: turns an Amazon Linux 2023 instance into a transparent GENEVE appliance behind an AWS
# Gateway Load Balancer. Runs once, as EC2 user data, at first boot.
#
# Installs geneve-responder (Python 3 standard library only, nothing is downloaded) as a hardened
# systemd service that returns every well-formed GWLB packet from the GWLB subnets to its GWLB node,
# optionally logs each new inner flow to the journal, and answers the target group's health checks.
#
# components/network/appliance/user-data.ts fills in the placeholders below.
set -euo pipefail

readonly HEALTH_CHECK_PORT="@@HEALTH_CHECK_PORT@@"
readonly HEALTH_CHECK_PATH="@@HEALTH_CHECK_PATH@@"   # empty: any path (and TCP checks) answer
readonly ALLOWED_SOURCES="@@ALLOWED_SOURCES@@"       # the GWLB subnets, space-separated CIDRs
readonly LOG_FLOWS="@@LOG_FLOWS@@"                   # true: one JSON line per new inner flow
readonly PREFIX=/usr/local/libexec/hub-network

install -d -m 0755 "$PREFIX"
cat >"$PREFIX/geneve-responder.py" <<'GENEVE_RESPONDER'
@@GENEVE_RESPONDER_PY@@
GENEVE_RESPONDER
chmod 0755 "$PREFIX/geneve-responder.py"

args=(--health-port "$HEALTH_CHECK_PORT")
for cidr in $ALLOWED_SOURCES; do
    args+=(--allowed-source "$cidr")
done
if [[ -n "$HEALTH_CHECK_PATH" ]]; then
    args+=(--health-path "$HEALTH_CHECK_PATH")
fi
if [[ "$LOG_FLOWS" == "true" ]]; then
    args+=(--log-flows)
fi

# Room for bursts: the responder asks for a 4 MiB receive buffer.
cat >/etc/sysctl.d/90-geneve-responder.conf <<'SYSCTL'
net.core.rmem_max = 8388608
net.core.netdev_max_backlog = 10000
SYSCTL
sysctl --system >/dev/null

# An unprivileged dynamic user with only the capabilities it needs: a raw socket to set the reply's
# UDP source port, and binding the health port (which may be below 1024).
cat >/etc/systemd/system/geneve-responder.service <<UNIT
[Unit]
Description=hub-network GENEVE responder for AWS Gateway Load Balancer
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=/usr/bin/python3 $PREFIX/geneve-responder.py ${args[*]}
Restart=always
RestartSec=1
DynamicUser=yes
AmbientCapabilities=CAP_NET_RAW CAP_NET_BIND_SERVICE
CapabilityBoundingSet=CAP_NET_RAW CAP_NET_BIND_SERVICE
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictAddressFamilies=AF_INET AF_UNIX
LockPersonality=yes

[Install]
WantedBy=multi-user.target
UNIT

systemctl daemon-reload
systemctl enable --now geneve-responder.service
