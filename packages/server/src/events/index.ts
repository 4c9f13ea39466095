export { createRedisBus } from "./redis-bus";
