export * from "./account";
export * from "./comment";
export * from "./jobs";
export * from "./like";
export * from "./pagination";
export * from "./post";
export * from "./text";
export * from "./views";
