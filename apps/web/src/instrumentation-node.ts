import { startServicesOrExit } from "./server/startup";

await startServicesOrExit();
