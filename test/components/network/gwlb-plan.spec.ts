import { expect } from "chai";
import {
    architectureOf,
    defaultApplianceImage,
    gwlbIngressRoutes,
    instanceFamily,
    planSecurityVpc,
    type RoutedSubnet,
} from "../../../components/network/gwlb-plan";

const subnet = (tier: string, availabilityZone: string, cidr: string): RoutedSubnet => ({
    tier,
    availabilityZone,
    cidr,
});

describe("gwlb-plan", () => {
    describe("planSecurityVpc", () => {
        it("plans an appliance /27 and a gwlb /28 per AZ", () => {
            const plan = planSecurityVpc("10.64.2.0/24", ["a", "b"]);
            expect(plan.subnets.map((s) => `${s.tier} ${s.availabilityZone} ${s.cidr}`)).to.deep.equal([
                "appliance a 10.64.2.0/27",
                "appliance b 10.64.2.32/27",
                "gwlb a 10.64.2.64/28",
                "gwlb b 10.64.2.80/28",
            ]);
        });

        it("fits six AZs in a /23 but not in a /24", () => {
            const six = ["a", "b", "c", "d", "e", "f"];
            expect(planSecurityVpc("10.64.2.0/23", six).subnets).to.have.length(12);
            expect(() => planSecurityVpc("10.64.2.0/24", six)).to.throw("tier 'gwlb' (6 x /28) does not fit");
        });
    });

    describe("instance types", () => {
        it("knows current families and their architecture", () => {
            expect(instanceFamily("c6in.large")).to.deep.equal({ family: "c6in" });
            expect(architectureOf("c6in.2xlarge")).to.equal("x86_64");
            expect(architectureOf("t4g.small")).to.equal("arm64");
            expect(architectureOf("c7gn.16xlarge")).to.equal("arm64");
        });

        it("rejects malformed types and unknown families with what is expected", () => {
            expect(instanceFamily("large")).to.deep.equal({
                problem: "is not an EC2 instance type; expected <family>.<size>, e.g. c6in.large",
            });
            expect(instanceFamily("c6in.huge")).to.have.property("problem");
            const unknown = instanceFamily("p5.48xlarge");
            expect(unknown)
                .to.have.property("problem")
                .that.matches(/^has an unknown instance family 'p5'; expected one of t3, /);
            expect(() => architectureOf("m1.small")).to.throw(
                "instance type 'm1.small' has an unknown instance family 'm1'",
            );
        });

        it("defaults to the latest Amazon Linux 2023 image of the architecture, resolved by EC2", () => {
            expect(defaultApplianceImage("arm64")).to.equal(
                "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
            );
        });
    });

    describe("gwlbIngressRoutes", () => {
        const gwlbe = [subnet("gwlbe", "a", "10.0.0.0/28"), subnet("gwlbe", "b", "10.0.0.16/28")];
        const vpclink = [subnet("vpclink", "a", "10.0.1.0/26"), subnet("vpclink", "b", "10.0.1.64/26")];
        const workload = [subnet("workload", "a", "10.0.2.0/24"), subnet("workload", "b", "10.0.3.0/24")];

        it("sends every workload CIDR to the vpclink table's AZ, and each vpclink CIDR back to its own AZ", () => {
            const routes = gwlbIngressRoutes(gwlbe, vpclink, workload).map(
                (r) =>
                    `${r.table.tier}-${r.table.availabilityZone}: ${r.destination.cidr} -> gwlbe-${r.endpointAz}`,
            );
            expect(routes).to.deep.equal([
                "vpclink-a: 10.0.2.0/24 -> gwlbe-a",
                "vpclink-a: 10.0.3.0/24 -> gwlbe-a",
                "vpclink-b: 10.0.2.0/24 -> gwlbe-b",
                "vpclink-b: 10.0.3.0/24 -> gwlbe-b",
                "workload-a: 10.0.1.0/26 -> gwlbe-a",
                "workload-a: 10.0.1.64/26 -> gwlbe-b",
                "workload-b: 10.0.1.0/26 -> gwlbe-a",
                "workload-b: 10.0.1.64/26 -> gwlbe-b",
            ]);
        });

        it("is symmetric across AZs: every request and its reply cross the vpclink side's endpoint", () => {
            const routes = gwlbIngressRoutes(gwlbe, vpclink, workload);
            const requests = routes.filter((r) => r.table.tier === "vpclink");
            expect(requests).to.have.length(vpclink.length * workload.length);
            for (const there of requests) {
                const back = routes.find(
                    (r) => r.table === there.destination && r.destination === there.table,
                );
                expect(
                    back?.endpointAz,
                    `${there.table.availabilityZone} -> ${there.destination.availabilityZone}`,
                ).to.equal(there.endpointAz);
                expect(there.endpointAz).to.equal(there.table.availabilityZone);
            }
        });

        it("refuses tiers that do not cover the same AZs, one subnet each", () => {
            expect(() => gwlbIngressRoutes(gwlbe.slice(0, 1), vpclink, workload)).to.throw(
                "GwlbEndpoints: the vpclink tier covers AZs [a, b] but the gwlbe tier covers [a]; expected the gwlbe, vpclink and workload tiers in the same AZs",
            );
            expect(() =>
                gwlbIngressRoutes(gwlbe, vpclink, [
                    subnet("workload", "a", "10.0.2.0/24"),
                    subnet("workload", "c", "10.0.4.0/24"),
                ]),
            ).to.throw("GwlbEndpoints: the workload tier covers AZs [a, c] but the gwlbe tier covers [a, b]");
            expect(() => gwlbIngressRoutes(gwlbe, [], workload)).to.throw(
                "GwlbEndpoints: the vpclink tier has no subnets; expected exactly one vpclink subnet per AZ",
            );
            expect(() =>
                gwlbIngressRoutes([...gwlbe, subnet("gwlbe", "a", "10.0.0.32/28")], vpclink, workload),
            ).to.throw(
                "GwlbEndpoints: the gwlbe tier has two subnets in a; expected exactly one gwlbe subnet per AZ",
            );
        });
    });
});
