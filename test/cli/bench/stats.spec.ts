import { expect } from "chai";
import { stats } from "../../../cli/bench/stats";

describe("benchmark figures", () => {
    it("gives the median, minimum and maximum of any order of measurements", () => {
        expect(stats([5, 1, 3])).to.deep.equal({ median: 3, min: 1, max: 5 });
        // An even count: the mean of the middle two.
        expect(stats([4, 10, 2, 8])).to.deep.equal({ median: 6, min: 2, max: 10 });
        expect(stats([7])).to.deep.equal({ median: 7, min: 7, max: 7 });
    });

    it("refuses to summarize no measurements", () => {
        expect(() => stats([])).to.throw("no measurements to summarize");
    });
});
