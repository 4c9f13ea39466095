export { createOpenApiDocument } from "./document";
export { createRestHandler, type RestHandlerOptions } from "./handler";
export { type Problem, problemResponse, problemSchema } from "./problem";
export { type RestRoute, restRoutesOf } from "./routes";
