import { expect } from "chai";
import {
    applianceFleetRequiredFlows,
    declaredRequiredFlows,
    dnsRequiredFlows,
    ecrLayerBucketArn,
    ecsApiRequiredFlows,
    lambdaApiRequiredFlows,
    type RequiredFlow,
} from "../../../components/shared/required-flows";

const services = (flows: readonly RequiredFlow[]) =>
    flows.flatMap((f) => (f.destination.kind === "aws-service" ? [f.destination.service] : []));

describe("required flows", () => {
    describe("ecs-api", () => {
        const flows = ecsApiRequiredFlows({
            name: "shop",
            vpc: "shop-vpc",
            region: "ap-south-2",
            listenerPort: 80,
        });

        it("needs ECR's API and registry, the S3 layer bucket, Logs and DynamoDB from the tasks", () => {
            const fromTasks = flows.filter((f) => f.source.securityGroup === "shop-tasks-sg");
            expect(services(fromTasks)).to.have.members(["ecr.api", "ecr.dkr", "s3", "logs", "dynamodb"]);
            for (const f of fromTasks) {
                expect(f.source).to.include({ vpc: "shop-vpc", tier: "workload" });
                expect([f.protocol, f.port]).to.deep.equal(["tcp", 443]);
            }
        });

        it("limits the S3 flow to ECR's layer bucket of the region", () => {
            const s3 = flows.find(
                (f) => f.destination.kind === "aws-service" && f.destination.service === "s3",
            );
            expect(s3?.destination).to.deep.include({
                resources: ["arn:aws:s3:::prod-ap-south-2-starport-layer-bucket/*"],
                actions: ["s3:GetObject"],
            });
            expect(ecrLayerBucketArn("cn-north-1", "aws-cn")).to.equal(
                "arn:aws-cn:s3:::prod-cn-north-1-starport-layer-bucket/*",
            );
        });

        it("needs the ALB on its listener port from the VPC link's subnets", () => {
            const https = ecsApiRequiredFlows({
                name: "shop",
                vpc: "shop-vpc",
                region: "eu-west-1",
                listenerPort: 443,
            });
            const alb = https.find((f) => f.destination.kind === "load-balancer");
            expect(alb?.source).to.include({ tier: "vpclink", securityGroup: "shop-vpclink-sg" });
            expect(alb?.destination).to.deep.equal({
                kind: "load-balancer",
                loadBalancer: "shop-alb",
                securityGroup: "shop-alb-sg",
            });
            expect(alb?.port).to.equal(443);
        });

        it("gives every flow a unique id, a reason and a reference", () => {
            expect(new Set(flows.map((f) => f.id)).size).to.equal(flows.length);
            for (const f of flows) {
                expect(f.reason).to.not.equal("");
                expect(f.reference).to.match(/^https:\/\/docs\.aws\.amazon\.com\//);
                expect(f.declaredBy).to.equal("component");
            }
        });
    });

    describe("lambda-api", () => {
        it("needs DynamoDB, and X-Ray only when tracing is on", () => {
            const traced = lambdaApiRequiredFlows({ name: "orders", vpc: "orders-vpc", tracing: true });
            expect(services(traced)).to.deep.equal(["dynamodb", "xray"]);
            const untraced = lambdaApiRequiredFlows({ name: "orders", vpc: "orders-vpc", tracing: false });
            expect(services(untraced)).to.deep.equal(["dynamodb"]);
            expect(traced[1].source).to.include({ securityGroup: "orders-fn-sg", tier: "workload" });
        });

        it("needs the JWKS host on the URL's port when the authorizer fetches its keys", () => {
            const flows = lambdaApiRequiredFlows({
                name: "orders",
                vpc: "orders-vpc",
                tracing: false,
                jwksUrl: "https://login.example.com:8443/.well-known/jwks.json",
            });
            const jwks = flows.find((f) => f.destination.kind === "domain");
            expect(jwks?.destination).to.deep.equal({ kind: "domain", name: "login.example.com" });
            expect(jwks?.port).to.equal(8443);
        });
    });

    it("the appliance fleet needs Session Manager's three endpoints and its package buckets", () => {
        const flows = applianceFleetRequiredFlows({ name: "fleet", buckets: ["arn:aws:s3:::repo/*"] });
        expect(services(flows)).to.deep.equal(["ssm", "ssmmessages", "ec2messages", "s3"]);
        expect(flows[0].source).to.deep.equal({
            label: "fleet appliances",
            vpc: "fleet-vpc",
            tier: "appliance",
            securityGroup: "fleet-appliance",
        });
        expect(flows[3].destination).to.deep.include({ resources: ["arn:aws:s3:::repo/*"] });
    });

    it("every VPC resolves each domain over DNS, with no security group in the way", () => {
        const flows = dnsRequiredFlows("shop VPC", "shop-vpc", "workload", ["aws.corp.test", "corp.test"]);
        expect(flows.map((f) => f.destination)).to.deep.equal([
            { kind: "dns", domain: "aws.corp.test" },
            { kind: "dns", domain: "corp.test" },
        ]);
        expect(flows[0].source.securityGroup).to.equal(undefined);
        expect([flows[0].protocol, flows[0].port]).to.deep.equal(["udp", 53]);
    });

    it("a spoke's declared flows become CIDR or domain destinations, marked as declared by the request", () => {
        const source = {
            label: "shop tasks",
            vpc: "shop-vpc",
            tier: "workload",
            securityGroup: "shop-tasks-sg",
        };
        const flows = declaredRequiredFlows(source, [
            { destination: "api.partner.example.com", port: 443, protocol: "tcp" },
            {
                destination: "172.16.8.0/24",
                port: 1521,
                protocol: "tcp",
                description: "the billing database",
            },
        ]);
        expect(flows.map((f) => f.destination)).to.deep.equal([
            { kind: "domain", name: "api.partner.example.com" },
            { kind: "cidr", cidr: "172.16.8.0/24" },
        ]);
        expect(flows[1]).to.include({ port: 1521, reason: "the billing database", declaredBy: "request" });
        expect(flows[0].source).to.equal(source);
        expect(new Set(flows.map((f) => f.id)).size).to.equal(2);
    });
});
