export * from "./sqlite";
