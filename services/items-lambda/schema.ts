/** The Lambda items API's item, as a zod schema (the handler) and a JSON Schema (API Gateway's model). */
import { z } from "zod";

/** An item's fields; `id` and `updatedAt` belong to the service. Unknown fields are refused. */
export const itemSchema = z.strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    quantity: z.number().int().min(0).max(1_000_000).optional(),
    tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
});

export type Item = z.infer<typeof itemSchema>;

/**
 * The request body model for POST and PUT, as JSON Schema draft 4 (what API Gateway REST API models
 * accept), derived from {@link itemSchema} so the gateway and the handler validate the same shape.
 */
export const ITEM_JSON_SCHEMA: Readonly<Record<string, unknown>> = z.toJSONSchema(itemSchema, {
    target: "draft-04",
    io: "input",
});
