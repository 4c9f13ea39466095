export { APP_ROUTES, OTHER_ROUTE, type RouteOf, type RouteTemplates, routeTemplates } from "../http/route-templates";
export { answerMetrics, METRICS_PATH } from "./endpoint";
export { startRequest } from "./http";
export { createMetrics, type Metrics, type MetricsSources } from "./registry";
