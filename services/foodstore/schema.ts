/** The foodstore's item: a food product. Unknown fields are refused. */
import { z } from "zod";

export const FOOD_CATEGORIES = ["dry", "wet", "treat", "supplement", "other"] as const;

export const foodSchema = z.strictObject({
    name: z.string().trim().min(1).max(100),
    category: z.enum(FOOD_CATEGORIES),
    /** Species the food is for (free text, e.g. `cat`). */
    forSpecies: z.string().trim().min(1).max(30).optional(),
    /** Pack weight in grams. */
    weightGrams: z.number().int().min(1).max(100_000).optional(),
    /** Price in the store's currency, at most two decimals. */
    price: z.number().min(0).max(100_000).multipleOf(0.01),
    inStock: z.boolean().optional(),
});

export type Food = z.infer<typeof foodSchema>;
