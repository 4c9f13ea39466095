export * from "./account";
export * from "./comment";
export * from "./like";
export * from "./pagination";
export * from "./post";
export * from "./views";
