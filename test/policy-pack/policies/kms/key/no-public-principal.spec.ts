import { expect } from "chai";
import { kmsKeyNoPublicPrincipal as policy } from "../../../../../policy-pack/policies/kms/key/no-public-principal";
import { resourceViolations } from "../../../support";

const TYPE = "aws:kms/key:Key";
const admin = {
    Sid: "Admin",
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::111111111111:root" },
    Action: "kms:*",
    Resource: "*",
};
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describe("kms-key-no-public-principal", () => {
    it("passes a key policy that names its principals", async () => {
        expect(await resourceViolations(policy, TYPE, { policy: doc(admin) })).to.deep.equal([]);
    });

    it("flags a statement open to AWS '*'", async () => {
        const open = { ...admin, Sid: "Everyone", Principal: { AWS: "*" } };
        expect(await resourceViolations(policy, TYPE, { policy: doc(admin, open) })).to.deep.equal([
            "statement 'Everyone' allows principal '*' without a condition; name the principals.",
        ]);
    });

    it("accepts '*' narrowed by a condition", async () => {
        const scoped = {
            ...admin,
            Principal: "*",
            Condition: { StringEquals: { "kms:CallerAccount": "111111111111" } },
        };
        expect(await resourceViolations(policy, TYPE, { policy: doc(scoped) })).to.deep.equal([]);
    });
});
