import { expect } from "chai";
import { apigatewayStageExecutionLogging as policy } from "../../../../../policy-pack/policies/apigateway/stage/execution-logging";
import { stackDiagnostics, stackViolations } from "../../../support";
import { DEFAULT_SETTINGS, restApiStack } from "./scenarios";

const messages = async (...args: Parameters<typeof restApiStack>) =>
    (await stackViolations(policy, await restApiStack(...args))).map((v) => v.message);

describe("apigateway-stage-execution-logging", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";

        it(`passes a stage whose MethodSettings log every method at ERROR (${mode})`, async () => {
            expect(await messages(preview)).to.deep.equal([]);
        });

        it(`flags a stage without MethodSettings (${mode})`, async () => {
            const resources = await restApiStack(preview, { settings: null });
            const stage = resources.find((r) => r.name === "items-prod")!;
            expect(await stackViolations(policy, resources)).to.deep.equal([
                {
                    message:
                        "stage 'items-prod' has no MethodSettings for '*/*'; log execution at ERROR or INFO for every method.",
                    urn: stage.urn,
                },
            ]);
        });

        it(`flags logging turned off for every method (${mode})`, async () => {
            expect(
                await messages(preview, { settings: { ...DEFAULT_SETTINGS, loggingLevel: "OFF" } }),
            ).to.deep.equal([
                "stage 'items-prod' logs execution at 'OFF' for '*/*'; set loggingLevel to ERROR or INFO.",
            ]);
        });
    }

    it("flags MethodSettings without a logging level", async () => {
        const settings = { ...DEFAULT_SETTINGS, loggingLevel: undefined };
        expect(await messages(true, { settings })).to.deep.equal([
            "stage 'items-prod' logs execution at 'OFF' for '*/*'; set loggingLevel to ERROR or INFO.",
        ]);
    });

    it("flags one method turning logging back off", async () => {
        expect(
            await messages(false, {
                methodOverride: { methodPath: "items/GET", settings: { loggingLevel: "OFF" } },
            }),
        ).to.deep.equal([
            "stage 'items-prod' logs execution at 'OFF' for 'items/GET'; set loggingLevel to ERROR or INFO.",
        ]);
    });

    it("matches MethodSettings that name the stage as text, by REST API", async () => {
        expect(await messages(true, { stageNameAsText: true })).to.deep.equal([]);
        expect(await messages(false, { stageNameAsText: true })).to.deep.equal([]);
    });

    it("is advisory by default and mandatory when the config file says so", async () => {
        const resources = await restApiStack(false, { settings: null });
        expect((await stackDiagnostics(policy, resources)).map((d) => d.level)).to.deep.equal(["advisory"]);
        expect(
            (await stackDiagnostics(policy, resources, { enforcementLevel: "mandatory" })).map(
                (d) => d.level,
            ),
        ).to.deep.equal(["mandatory"]);
    });
});
