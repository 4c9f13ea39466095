import { putFrontDoorBeforeNext } from "./server/next-front-door";
import { startServicesOrExit } from "./server/startup";

await startServicesOrExit();
// Under `next start` and `next dev`: what the production server does per request, done here too (ADR 032).
putFrontDoorBeforeNext();
