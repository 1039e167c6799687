import { expect } from "chai";
import {
    deploymentHash,
    methodArnSuffix,
    pathParameters,
    resourcePaths,
    routeSlug,
    stableJson,
    validateRoutes,
    type ApiRoute,
} from "../../../components/workloads/api-routes";

const errorOf = (routes: ApiRoute[], models = {}): string => {
    try {
        validateRoutes("LambdaApi test", routes, models);
    } catch (e) {
        return (e as Error).message;
    }
    return "no error";
};

describe("api routes", () => {
    it("lists every resource path the routes need, parents first", () => {
        expect(
            resourcePaths([
                { path: "/orders/{orderId}/lines/{lineId}" },
                { path: "/items/{id}" },
                { path: "/items" },
                { path: "/" },
            ]),
        ).to.deep.equal([
            "/items",
            "/orders",
            "/items/{id}",
            "/orders/{orderId}",
            "/orders/{orderId}/lines",
            "/orders/{orderId}/lines/{lineId}",
        ]);
    });

    it("names path parameters, slugs and execute-api ARNs with * for each parameter", () => {
        const route = { method: "PUT", path: "/orders/{orderId}/lines/{lineId}" } as const;
        expect(pathParameters(route.path)).to.deep.equal(["orderId", "lineId"]);
        expect(routeSlug(route)).to.equal("put-orders-orderid-lines-lineid");
        expect(routeSlug({ method: "GET", path: "/" })).to.equal("get-root");
        expect(methodArnSuffix("v1", route)).to.equal("v1/PUT/orders/*/lines/*");
        expect(methodArnSuffix("*", { method: "GET", path: "/items" })).to.equal("*/GET/items");
    });

    it("hashes equal configurations equally whatever the key order, and different ones differently", () => {
        expect(stableJson({ b: 1, a: [{ d: 2, c: undefined }] })).to.equal('{"a":[{"d":2}],"b":1}');
        expect(deploymentHash({ a: 1, b: 2 })).to.equal(deploymentHash({ b: 2, a: 1 }));
        expect(deploymentHash({ a: 1 })).not.to.equal(deploymentHash({ a: 2 }));
    });

    describe("validation", () => {
        it("accepts public reads, flagged public writes and authorized routes", () => {
            expect(
                errorOf(
                    [
                        { method: "GET", path: "/items", authorization: "NONE", public: true },
                        {
                            method: "POST",
                            path: "/items",
                            authorization: "NONE",
                            public: true,
                            publicWrite: true,
                        },
                        {
                            method: "PUT",
                            path: "/items/{id}",
                            authorization: "COGNITO_USER_POOLS",
                            requestModel: "Item",
                        },
                    ],
                    { Item: { type: "object" } },
                ),
            ).to.equal("no error");
        });

        it("rejects an empty route table", () => {
            expect(errorOf([])).to.equal("LambdaApi test: routes is empty; declare at least one route");
        });

        it("rejects an unknown method", () => {
            expect(errorOf([{ method: "HEAD" as "GET", path: "/items", authorization: "AWS_IAM" }])).to.equal(
                "LambdaApi test: route 'HEAD /items' has unknown method 'HEAD'; expected one of GET, POST, PUT, PATCH, DELETE",
            );
        });

        it("rejects bad paths: relative, trailing slash, greedy parameter", () => {
            for (const path of ["items", "/items/", "/{proxy+}", "/items/{}"]) {
                expect(errorOf([{ method: "GET", path, authorization: "AWS_IAM" }]), path).to.include(
                    "has a bad path",
                );
            }
        });

        it("rejects a route declared twice", () => {
            const route: ApiRoute = { method: "GET", path: "/items", authorization: "AWS_IAM" };
            expect(errorOf([route, route])).to.equal(
                "LambdaApi test: route 'GET /items' is declared twice; declare each method and path once",
            );
        });

        it("rejects public flags on an authorized route", () => {
            expect(
                errorOf([{ method: "GET", path: "/items", authorization: "CUSTOM", public: true }]),
            ).to.equal(
                "LambdaApi test: route 'GET /items' is marked public but uses CUSTOM; remove public/publicWrite or use NONE",
            );
        });

        it("rejects a public DELETE without publicWrite", () => {
            expect(
                errorOf([{ method: "DELETE", path: "/items/{id}", authorization: "NONE", public: true }]),
            ).to.include("route 'DELETE /items/{id}' lets anyone change data");
        });

        it("rejects scopes on routes that are not Cognito's", () => {
            expect(
                errorOf([
                    {
                        method: "GET",
                        path: "/items",
                        authorization: "AWS_IAM",
                        authorizationScopes: ["items/read"],
                    },
                ]),
            ).to.include("has authorizationScopes, which only COGNITO_USER_POOLS routes use");
        });

        it("rejects a body model on a method without a body, and bad model names", () => {
            expect(
                errorOf([{ method: "GET", path: "/items", authorization: "AWS_IAM", requestModel: "Item" }], {
                    Item: {},
                }),
            ).to.include("route 'GET /items' has a requestModel but its method sends no body");
            expect(
                errorOf([{ method: "GET", path: "/items", authorization: "AWS_IAM" }], { "item-body": {} }),
            ).to.equal(
                "LambdaApi test: model name 'item-body' must be letters and digits only (API Gateway model names)",
            );
        });
    });
});
