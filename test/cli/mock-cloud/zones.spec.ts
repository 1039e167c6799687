import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { ConstraintError } from "../../../cli/mock-cloud/constraints/check";
import { answerInvoke } from "../../../cli/mock-cloud/invokes";
import { StackRunError } from "../../../cli/mock-cloud/run";
import { accountZones } from "../../../cli/mock-cloud/zones";
import { INDEPENDENTLY_MAPPED, sortZoneIds } from "../../../components/shared/availability-zones";
import { runProgram } from "../../harness";

const scope = (accountId: string, region: string) => ({ stack: "t", accountId, region, preview: false });
const azs = (accountId: string, region: string) =>
    answerInvoke("aws:index/getAvailabilityZones:getAvailabilityZones", {}, scope(accountId, region)) as {
        names: string[];
        zoneIds: string[];
    };

describe("the mock cloud's Availability Zones", () => {
    it("offers each region's real AZ IDs: 3 in eu-west-1, 6 in us-east-1, 4 in us-west-2", () => {
        expect(sortZoneIds(azs("111111111111", "eu-west-1").zoneIds)).to.deep.equal([
            "euw1-az1",
            "euw1-az2",
            "euw1-az3",
        ]);
        expect(azs("111111111111", "us-east-1").names).to.deep.equal([
            "us-east-1a",
            "us-east-1b",
            "us-east-1c",
            "us-east-1d",
            "us-east-1e",
            "us-east-1f",
        ]);
        expect(azs("111111111111", "us-west-2").zoneIds).to.have.length(4);
    });

    it("maps names to IDs per account in the regions AWS maps independently, the same way every time", () => {
        expect(INDEPENDENTLY_MAPPED.has("us-east-1")).to.equal(true);
        const accounts = Array.from({ length: 20 }, (_, i) => String(100000000000 + i * 7919));
        const mappings = new Set(accounts.map((a) => azs(a, "us-east-1").zoneIds.join(",")));
        expect(mappings.size, "distinct mappings among 20 accounts").to.be.greaterThan(10);
        for (const a of accounts) expect(azs(a, "us-east-1")).to.deep.equal(azs(a, "us-east-1"));
    });

    it("maps names the same way for every account in the other regions", () => {
        expect(INDEPENDENTLY_MAPPED.has("eu-central-1")).to.equal(false);
        expect(azs("100000000001", "eu-central-1")).to.deep.equal(azs("200000000002", "eu-central-1"));
        expect(azs("100000000001", "eu-central-1").zoneIds).to.deep.equal([
            "euc1-az1",
            "euc1-az2",
            "euc1-az3",
        ]);
    });

    it("gives a subnet the AZ ID of its AZ name in the account that creates it", async () => {
        const run = await runProgram(
            () => {
                new aws.ec2.Subnet("s", {
                    vpcId: "vpc-1",
                    cidrBlock: "10.0.0.0/28",
                    availabilityZone: "us-east-1a",
                });
            },
            { accountId: "100000000001", region: "us-east-1" },
        );
        expect(run.find("aws:ec2/subnet:Subnet", "s").outputs.availabilityZoneId).to.equal(
            accountZones("us-east-1", "100000000001").zoneIds[0],
        );
    });

    it("refuses a subnet in an AZ the region does not have, with EC2's text", async () => {
        let error: unknown;
        try {
            await runProgram(
                () => {
                    new aws.ec2.Subnet("s", {
                        vpcId: "vpc-1",
                        cidrBlock: "10.0.0.0/28",
                        availabilityZone: "eu-west-1d",
                    });
                },
                { region: "eu-west-1" },
            );
        } catch (e) {
            error = e instanceof StackRunError ? e.cause : e;
        }
        expect(error).to.be.instanceOf(ConstraintError);
        expect((error as ConstraintError).refusals[0].violations[0].error).to.deep.equal({
            code: "InvalidParameterValue",
            message:
                "Value (eu-west-1d) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: eu-west-1a, eu-west-1b, eu-west-1c.",
        });
    });
});
