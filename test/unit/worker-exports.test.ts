// workerd refuses to start a Worker whose main module exports anything but handlers and classes
// (`Incorrect type for map entry …`), which the vitest integration does not check: this does.
import { expect, it } from "vitest";
import * as main from "../../src/index";

it("the Worker's main module exports only the default handlers and classes", () => {
  for (const [name, value] of Object.entries(main)) {
    if (name === "default") expect(Object.keys(value).sort()).toEqual(["fetch", "queue", "scheduled"]);
    else expect(typeof value, name).toBe("function");
  }
});
