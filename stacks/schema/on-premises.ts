/**
 * The `onPremises` section of an environment file: the on-premises ranges, DNS servers and domains the
 * hub forwards to, and the optional Site-to-Site VPN that reaches them. Shape and the rules that
 * relate it to the rest of the file.
 */
import { z } from "zod";
import { cidrContains, cidrsOverlap } from "../../components/network/subnet-plan";
import type { Environment, Issue, Path } from "./environment";
import { awsServiceDomainOf, cidr, domainName, ipv4 } from "./fields";

const ASN_RANGE = "expected a BGP ASN from 1 to 2147483647";

/** The `onPremises` section. */
export const onPremisesSchema = z.strictObject({
    cidrs: z.array(cidr),
    dnsServers: z.array(ipv4),
    domains: z.array(domainName),
    /**
     * A Site-to-Site VPN from every network stack's Transit Gateway to the on-premises device, with BGP
     * routing. Without it, nothing in AWS reaches the on-premises ranges.
     */
    vpn: z
        .strictObject({
            /** Public IPv4 address of the on-premises VPN device (the customer gateway). */
            customerGatewayIp: z.ipv4({
                error: "is not an IPv4 address; expected the device's public address, e.g. 203.0.113.10",
            }),
            /** BGP ASN of the on-premises device. */
            bgpAsn: z
                .number({ error: `is not a number; ${ASN_RANGE}` })
                .int({ error: `is not a whole number; ${ASN_RANGE}` })
                .min(1, { error: `is out of range; ${ASN_RANGE}` })
                .max(2147483647, { error: `is out of range; ${ASN_RANGE}` }),
        })
        .optional(),
});

/**
 * On-premises ranges outside the supernet, each domain and DNS server once, domains outside the
 * corporate AWS domain, and a VPN device that can peer with every Transit Gateway.
 */
export function checkOnPremises(env: Environment, issue: Issue): void {
    const { supernet } = env.addressing;
    env.onPremises.cidrs.forEach((range, i) => {
        if (cidrsOverlap(range, supernet)) {
            issue(
                ["onPremises", "cidrs", i],
                range,
                `overlaps the supernet ${supernet}; expected on-premises ranges outside the AWS supernet`,
            );
        }
    });
    checkVpn(env, issue);
    unique(env.onPremises.cidrs, ["onPremises", "cidrs"], "range", issue);
    unique(env.onPremises.domains, ["onPremises", "domains"], "domain", issue);
    unique(env.onPremises.dnsServers, ["onPremises", "dnsServers"], "DNS server", issue);
    env.onPremises.dnsServers.forEach((server, i) => {
        // A malformed address is reported by its own schema.
        if (!ipv4.safeParse(server).success) return;
        const host = `${server}/32`;
        if (cidrContains(supernet, host)) {
            issue(
                ["onPremises", "dnsServers", i],
                server,
                `is inside the supernet ${supernet}: the forwarding rules would send on-premises queries into AWS; expected the address of an on-premises DNS server, in onPremises.cidrs`,
            );
        } else if (
            env.onPremises.cidrs.length > 0 &&
            !env.onPremises.cidrs.some((c) => cidrContains(c, host))
        ) {
            issue(
                ["onPremises", "dnsServers", i],
                server,
                `is outside onPremises.cidrs (${env.onPremises.cidrs.join(", ")}): nothing routes the forwarded queries to it; expected an address in those ranges, or add its range there`,
            );
        }
    });
    env.onPremises.domains.forEach((d, i) => {
        const aws = awsServiceDomainOf(d);
        if (aws) {
            issue(
                ["onPremises", "domains", i],
                d,
                `is under ${aws}, AWS's own service domain: forwarding it on premises breaks every AWS API call from the VPCs; expected an on-premises domain, e.g. corp.example.internal`,
            );
        }
    });
    env.onPremises.domains.forEach((d, i) => {
        const corp = env.dns.corporateDomain;
        if (d === corp || corp.endsWith(`.${d}`) || d.endsWith(`.${corp}`)) {
            issue(
                ["onPremises", "domains", i],
                d,
                `overlaps the corporate AWS domain ${corp}; expected on-premises domains outside it`,
            );
        }
    });
}

/** Addresses a customer gateway cannot have: private, shared, loopback, link-local, multicast, reserved. */
const NOT_PUBLIC = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "224.0.0.0/3",
];

/**
 * ASNs AWS keeps for its own side of VPNs in some regions (the Site-to-Site VPN user guide, "Customer
 * gateway options"): a customer gateway there cannot use them.
 */
const AWS_RESERVED_ASNS: Readonly<Record<string, number>> = {
    "us-east-1": 7224,
    "eu-west-1": 9059,
    "ap-northeast-1": 10124,
    "ap-southeast-1": 17943,
};

/** The VPN device must be reachable on the internet, and its ASN must be free to peer with every TGW. */
function checkVpn(env: Environment, issue: Issue): void {
    const vpn = env.onPremises.vpn;
    if (!vpn) return;
    if (env.onPremises.cidrs.length === 0) {
        issue(
            ["onPremises", "cidrs"],
            env.onPremises.cidrs,
            "is empty while onPremises.vpn is set; expected the on-premises ranges the VPN reaches",
        );
    }
    // A malformed address is reported by its own schema.
    const ip = vpn.customerGatewayIp;
    const range = ipv4.safeParse(ip).success
        ? NOT_PUBLIC.find((r) => cidrContains(r, `${ip}/32`))
        : undefined;
    if (range) {
        issue(
            ["onPremises", "vpn", "customerGatewayIp"],
            vpn.customerGatewayIp,
            `is not a public address (it is in ${range}); expected the public IPv4 address of the on-premises VPN device`,
        );
    }
    for (const key of ["primary", "dr"] as const) {
        const r = env.regions[key];
        if (!r) continue;
        if (r.transitGatewayAsn === vpn.bgpAsn) {
            issue(
                ["onPremises", "vpn", "bgpAsn"],
                vpn.bgpAsn,
                `is the ASN of the ${key} Transit Gateway (regions.${key}.transitGatewayAsn); expected the on-premises device's own ASN`,
            );
        }
        if (AWS_RESERVED_ASNS[r.name] === vpn.bgpAsn) {
            issue(
                ["onPremises", "vpn", "bgpAsn"],
                vpn.bgpAsn,
                `is reserved by AWS in ${r.name} (regions.${key}.name); expected another ASN for the on-premises device`,
            );
        }
    }
}

function unique(values: string[], path: Path, what: string, issue: Issue): void {
    values.forEach((v, i) => {
        if (values.indexOf(v) !== i) {
            issue([...path, i], v, `repeats ${what} ${values.indexOf(v)}; expected each ${what} once`);
        }
    });
}
