/** The petstore's item: a pet. Unknown fields are refused. */
import { z } from "zod";

export const PET_SPECIES = ["dog", "cat", "bird", "fish", "rabbit", "reptile", "other"] as const;

export const petSchema = z.strictObject({
    name: z.string().trim().min(1).max(100),
    species: z.enum(PET_SPECIES),
    /** Age in whole years. */
    age: z.number().int().min(0).max(100).optional(),
    /** Price in the store's currency, at most two decimals. */
    price: z.number().min(0).max(1_000_000).multipleOf(0.01).optional(),
    tags: z.array(z.string().trim().min(1).max(30)).max(10).optional(),
});

export type Pet = z.infer<typeof petSchema>;
