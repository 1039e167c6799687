import { expect } from "chai";
import { apigatewayStageThrottling as policy } from "../../../../../policy-pack/policies/apigateway/stage/throttling";
import { stackDiagnostics, stackViolations } from "../../../support";
import { DEFAULT_SETTINGS, restApiStack } from "./scenarios";

const messages = async (options: Parameters<typeof restApiStack>[1], config = {}, preview = false) =>
    (await stackViolations(policy, await restApiStack(preview, options), config)).map((v) => v.message);

describe("apigateway-stage-throttling", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";

        it(`passes a stage that throttles every method (${mode})`, async () => {
            expect(await messages({}, {}, preview)).to.deep.equal([]);
        });

        it(`flags a stage without MethodSettings (${mode})`, async () => {
            expect(await messages({ settings: null }, {}, preview)).to.deep.equal([
                "stage 'items-prod' has no MethodSettings for '*/*'; throttle every method (throttlingRateLimit and throttlingBurstLimit).",
            ]);
        });
    }

    it("flags an unset rate limit and a disabled (-1) burst limit", async () => {
        const rest = { ...DEFAULT_SETTINGS, throttlingRateLimit: undefined };
        expect(await messages({ settings: rest })).to.deep.equal([
            "stage 'items-prod' does not throttle '*/*': throttlingRateLimit is unset; set it between 1 and 10000.",
        ]);
        expect(await messages({ settings: { ...DEFAULT_SETTINGS, throttlingBurstLimit: -1 } })).to.deep.equal(
            [
                "stage 'items-prod' does not throttle '*/*': throttlingBurstLimit is -1; set it between 1 and 5000.",
            ],
        );
    });

    it("takes the maximums from settings", async () => {
        const config = { maxRateLimit: 50, maxBurstLimit: 50 };
        expect(await messages({}, config)).to.deep.equal([
            "stage 'items-prod' allows throttlingRateLimit 100 for '*/*'; keep it at most 50.",
        ]);
        expect(await messages({}, { maxRateLimit: 100, maxBurstLimit: 50 })).to.deep.equal([]);
    });

    it("is advisory by default", async () => {
        expect(
            (await stackDiagnostics(policy, await restApiStack(false, { settings: null }))).map(
                (d) => d.level,
            ),
        ).to.deep.equal(["advisory"]);
    });
});
