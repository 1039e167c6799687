import { expect } from "chai";
import type { StackResource } from "../../../../../policy-pack/lib/policy";
import { resolverEndpointSecurityGroupDnsOnly as policy } from "../../../../../policy-pack/policies/route53resolver/endpoint/security-group-dns-only";
import { mutate, networkDev } from "../../../recorded";
import { res, stackDiagnostics, stackViolations } from "../../../support";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const PRIVATE = "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16";

const messages = async (resources: readonly StackResource[], config = {}) =>
    (await stackViolations(policy, resources, config)).map((v) => v.message);

/** network-dev with the inbound endpoint's rule from the spoke supernet (TCP) changed. */
const changeSupernetRule = (resources: readonly StackResource[], props: Record<string, unknown>) =>
    mutate(
        resources,
        (r) => r.name === "resolver-inbound-tcp-10-64-0-0-12",
        (r) => ({ ...r, props: { ...r.props, ...props } }),
    );

/** A stand-alone rule of `sg` (the way ResolverHub declares them), linked as in the given mode. */
function extraRule(sg: StackResource, name: string, props: Record<string, unknown>, preview: boolean) {
    const id = String(sg.props.arn).split("/").pop();
    const rule = res(INGRESS, name, preview ? props : { ...props, securityGroupId: id }, {
        propertyDependencies: { securityGroupId: [sg] },
    });
    return preview ? rule : { ...rule, propertyDependencies: {} };
}

describe("route53resolver-endpoint-security-group-dns-only", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";

        it(`passes the ResolverHub of network-dev: DNS only, from and to private ranges (${mode})`, async () => {
            expect(await stackViolations(policy, await networkDev(preview))).to.deep.equal([]);
        });

        it(`flags an inbound rule open to the internet (${mode})`, async () => {
            const resources = changeSupernetRule(await networkDev(preview), { cidrIpv4: "0.0.0.0/0" });
            expect(await stackViolations(policy, resources)).to.deep.equal([
                {
                    message: `rule 'resolver-inbound-tcp-10-64-0-0-12' of inbound endpoint 'resolver-inbound' allows from 0.0.0.0/0, outside allowedCidrs (${PRIVATE}).`,
                    urn: resources.find((r) => r.name === "resolver-inbound-tcp-10-64-0-0-12")!.urn,
                },
            ]);
        });

        it(`flags an extra port on the inbound endpoint's group (${mode})`, async () => {
            const resources = await networkDev(preview);
            const sg = resources.find(
                (r) => r.name === "resolver-inbound" && r.type.endsWith("SecurityGroup"),
            )!;
            const ssh = extraRule(
                sg,
                "resolver-inbound-ssh",
                { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8" },
                preview,
            );
            expect(await messages([...resources, ssh])).to.deep.equal([
                "rule 'resolver-inbound-ssh' of inbound endpoint 'resolver-inbound' allows tcp 22; allow DNS (tcp and udp 53) only.",
            ]);
        });
    }

    it("flags a DNS rule opened to all ports", async () => {
        const resources = changeSupernetRule(await networkDev(false), {
            ipProtocol: "-1",
            fromPort: undefined,
            toPort: undefined,
        });
        expect(await messages(resources)).to.deep.equal([
            "rule 'resolver-inbound-tcp-10-64-0-0-12' of inbound endpoint 'resolver-inbound' allows all traffic; allow DNS (tcp and udp 53) only.",
        ]);
    });

    it("flags an outbound endpoint reaching a public resolver", async () => {
        const resources = mutate(
            await networkDev(false),
            (r) => r.name === "resolver-outbound-udp-172-16-0-10",
            (r) => ({ ...r, props: { ...r.props, cidrIpv4: "8.8.8.8/32" } }),
        );
        expect(await messages(resources)).to.deep.equal([
            `rule 'resolver-outbound-udp-172-16-0-10' of outbound endpoint 'resolver-outbound' allows to 8.8.8.8/32, outside allowedCidrs (${PRIVATE}).`,
        ]);
    });

    it("flags a rule whose source is another security group, also while its ID is unknown", async () => {
        const resources = await networkDev(true);
        const sg = resources.find((r) => r.name === "resolver-inbound" && r.type.endsWith("SecurityGroup"))!;
        const other = res("aws:ec2/securityGroup:SecurityGroup", "app", {});
        const byGroup = res(
            INGRESS,
            "resolver-inbound-from-app",
            { ipProtocol: "udp", fromPort: 53, toPort: 53 },
            { propertyDependencies: { securityGroupId: [sg], referencedSecurityGroupId: [other] } },
        );
        expect(await messages([...resources, other, byGroup])).to.deep.equal([
            "rule 'resolver-inbound-from-app' of inbound endpoint 'resolver-inbound' allows from a referencedSecurityGroup, not a CIDR; name the allowed CIDRs instead.",
        ]);
    });

    it("reads inline rules of a security group", async () => {
        const sg = res("aws:ec2/securityGroup:SecurityGroup", "dns", {
            id: "sg-0dns",
            ingress: [
                { protocol: "udp", fromPort: 53, toPort: 53, cidrBlocks: ["10.0.0.0/8"] },
                {
                    protocol: "tcp",
                    fromPort: 53,
                    toPort: 53,
                    cidrBlocks: ["10.0.0.0/8"],
                    securityGroups: ["sg-0app"],
                },
            ],
        });
        const endpoint = res("aws:route53/resolverEndpoint:ResolverEndpoint", "inbound", {
            direction: "INBOUND",
            securityGroupIds: ["sg-0dns"],
        });
        expect(await messages([sg, endpoint])).to.deep.equal([
            "security group 'dns' ingress[1] of inbound endpoint 'inbound' allows from sg-0app, not a CIDR; name the allowed CIDRs instead.",
        ]);
    });

    it("takes the allowed CIDRs from settings", async () => {
        const resources = await networkDev(false);
        expect(await messages(resources, { allowedCidrs: ["10.0.0.0/8"] })).to.deep.equal([
            "rule 'resolver-inbound-tcp-172-16-0-0-16' of inbound endpoint 'resolver-inbound' allows from 172.16.0.0/16, outside allowedCidrs (10.0.0.0/8).",
            "rule 'resolver-inbound-udp-172-16-0-0-16' of inbound endpoint 'resolver-inbound' allows from 172.16.0.0/16, outside allowedCidrs (10.0.0.0/8).",
            "rule 'resolver-outbound-tcp-172-16-0-10' of outbound endpoint 'resolver-outbound' allows to 172.16.0.10/32, outside allowedCidrs (10.0.0.0/8).",
            "rule 'resolver-outbound-udp-172-16-0-10' of outbound endpoint 'resolver-outbound' allows to 172.16.0.10/32, outside allowedCidrs (10.0.0.0/8).",
            "rule 'resolver-outbound-tcp-172-16-1-10' of outbound endpoint 'resolver-outbound' allows to 172.16.1.10/32, outside allowedCidrs (10.0.0.0/8).",
            "rule 'resolver-outbound-udp-172-16-1-10' of outbound endpoint 'resolver-outbound' allows to 172.16.1.10/32, outside allowedCidrs (10.0.0.0/8).",
        ]);
    });

    it("is mandatory by default", async () => {
        const resources = changeSupernetRule(await networkDev(true), { cidrIpv4: "0.0.0.0/0" });
        expect((await stackDiagnostics(policy, resources)).map((d) => d.level)).to.deep.equal(["mandatory"]);
    });
});
