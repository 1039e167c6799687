/**
 * petstore container entry point (`node dist/petstore/main.js` in the image).
 *
 * Serves `GET /pets`, `GET /pets/{id}`, `PUT /pets/{id}`, `DELETE /pets/{id}` and `GET /health` on
 * `PORT` (default 8080), storing pets in the DynamoDB table `TABLE_NAME` (partition key `id`, string).
 * The ECS API builds the image from `services/petstore/Dockerfile` with `services/` as the build
 * context (see `containerImage("petstore")` in `services/images.ts`); the task role needs only the
 * actions in `CONTAINER_TABLE_ACTIONS` on the table ARN.
 */
import { runItemsService } from "../items-api";
import { petSchema } from "./schema";

void runItemsService({ service: "petstore", resource: "pets", schema: petSchema });
