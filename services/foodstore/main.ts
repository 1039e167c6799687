/**
 * foodstore container entry point (`node dist/foodstore/main.js` in the image).
 *
 * Serves `GET /food`, `GET /food/{id}`, `PUT /food/{id}`, `DELETE /food/{id}` and `GET /health` on
 * `PORT` (default 8080), storing products in the DynamoDB table `TABLE_NAME` (partition key `id`,
 * string). The ECS API builds the image from `services/foodstore/Dockerfile` with `services/` as the
 * build context (see `containerImage("foodstore")` in `services/images.ts`); the task role needs only
 * the actions in `CONTAINER_TABLE_ACTIONS` on the table ARN.
 */
import { runItemsService } from "../items-api";
import { foodSchema } from "./schema";

void runItemsService({ service: "foodstore", resource: "food", schema: foodSchema });
