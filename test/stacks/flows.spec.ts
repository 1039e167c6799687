import { expect } from "chai";
import type { RequiredFlow } from "../../components/shared/required-flows";
import { runEnvironment, type Recorded } from "../harness";
import { FLOWS_FIXTURE } from "./flows-fixture";

const flowsOf = (run: Recorded) => run.outputs.requiredFlows as RequiredFlow[];

describe("required flows of the stacks (lab fixture)", () => {
    let lab: Record<string, Recorded>;
    before(async function () {
        this.timeout(180_000);
        lab = await runEnvironment("lab", { root: FLOWS_FIXTURE, only: (s) => s !== "security-lab-dr" });
    });

    it("an ecs-api spoke exports its tasks' and VPC link's flows, then DNS from its VPC", () => {
        const flows = flowsOf(lab["spoke-shop-lab"]);
        expect(flows.map((f) => f.id)).to.deep.equal([
            "shop-tasks/ecr.api",
            "shop-tasks/ecr.dkr",
            "shop-tasks/s3-ecr-layers",
            "shop-tasks/logs",
            "shop-tasks/dynamodb",
            "shop-vpc-link/alb",
            "shop-vpc/dns-office.lab.test",
            "shop-vpc/dns-aws.lab.test",
        ]);
        const layers = flows.find((f) => f.id === "shop-tasks/s3-ecr-layers");
        expect(layers?.destination).to.deep.include({
            resources: ["arn:aws:s3:::prod-us-east-2-starport-layer-bucket/*"],
        });
        expect(flows.find((f) => f.id === "shop-vpc-link/alb")?.port).to.equal(80);
    });

    it("names senders by resources the stack declares", () => {
        const run = lab["spoke-shop-lab"];
        for (const f of flowsOf(run)) {
            run.find("aws:ec2/vpc:Vpc", f.source.vpc);
            if (f.source.securityGroup)
                run.find("aws:ec2/securityGroup:SecurityGroup", f.source.securityGroup);
            if (f.destination.kind === "load-balancer") {
                run.find("aws:lb/loadBalancer:LoadBalancer", f.destination.loadBalancer);
                run.find("aws:ec2/securityGroup:SecurityGroup", f.destination.securityGroup);
            }
        }
        const security = lab["security-lab"];
        for (const f of flowsOf(security)) {
            security.find("aws:ec2/vpc:Vpc", f.source.vpc);
            security.find("aws:ec2/securityGroup:SecurityGroup", String(f.source.securityGroup));
        }
    });

    it("a lambda-api spoke adds the flows its request declares, from its functions, and DNS from both VPCs", () => {
        const flows = flowsOf(lab["spoke-ledger-lab"]);
        const declared = flows.filter((f) => f.declaredBy === "request");
        expect(declared.map((f) => [f.source.label, f.destination, f.protocol, f.port])).to.deep.equal([
            ["ledger functions", { kind: "domain", name: "api.bank.example.com" }, "tcp", 443],
            ["ledger functions", { kind: "cidr", cidr: "192.168.40.0/24" }, "tcp", 1521],
        ]);
        expect(declared[0].reason).to.equal("the payment provider's API");
        expect(flows.filter((f) => f.destination.kind === "dns").map((f) => f.source.vpc)).to.deep.equal([
            "ledger-vpc",
            "ledger-vpc",
            "ledger-dr-vpc",
            "ledger-dr-vpc",
        ]);
        expect(flows.find((f) => f.id === "ledger-functions/xray")).to.not.equal(undefined);
    });

    it("the security stack exports the appliances' management flows", () => {
        const services = flowsOf(lab["security-lab"]).map((f) =>
            f.destination.kind === "aws-service" ? f.destination.service : f.destination.kind,
        );
        expect(services).to.deep.equal(["ssm", "ssmmessages", "ec2messages", "s3"]);
    });
});
