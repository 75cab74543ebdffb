import { app } from "./app";

export { LinkPage } from "./link-page/link-page";
export default app;
