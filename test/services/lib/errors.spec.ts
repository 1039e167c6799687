import { expect } from "chai";
import { errorResponse, HttpError, INTERNAL_ERROR_MESSAGE } from "../../../services/lib/errors";

describe("services errors", () => {
    describe("errorResponse", () => {
        it("passes an HttpError through and hides anything else behind a generic 500", () => {
            expect(
                errorResponse(new HttpError(404, "NotFound", "no item with this id"), "r-1"),
            ).to.deep.equal({
                status: 404,
                body: { error: { code: "NotFound", message: "no item with this id", requestId: "r-1" } },
                headers: {},
            });
            const internal = errorResponse(new Error("Requested resource not found: Table: secret"), "r-2");
            expect(internal).to.deep.equal({
                status: 500,
                body: { error: { code: "InternalError", message: INTERNAL_ERROR_MESSAGE, requestId: "r-2" } },
                headers: {},
            });
        });
    });
});
