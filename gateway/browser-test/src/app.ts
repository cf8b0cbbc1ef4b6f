// The page under test: a browser client of the mesh over grpc-web, typed by the code that
// protoc-gen-es generated from proto/. It signs up, logs in, creates a workspace, a project
// and a task, must see that task arrive on the WatchChanges server stream, and reads it back
// over the Connect protocol. Progress and
// the outcome are left on `window` for the test driver (run.mjs) to read.

import { createClient, type Interceptor, ConnectError } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";
import { AuthService } from "./gen/taskstream/auth/v1/auth_service_pb.js";
import { TaskService } from "./gen/taskstream/tasks/v1/task_service_pb.js";

declare global {
  interface Window {
    steps: string[];
    result?: { ok: boolean; detail: string };
  }
}

window.steps = [];
const step = (what: string) => {
  window.steps.push(what);
  document.getElementById("log")!.textContent = window.steps.join("\n");
};

async function main(gateway: string): Promise<string> {
  let accessToken = "";
  const bearer: Interceptor = (next) => async (request) => {
    if (accessToken) request.header.set("authorization", `Bearer ${accessToken}`);
    return next(request);
  };
  const transport = createGrpcWebTransport({ baseUrl: gateway, interceptors: [bearer] });
  const auth = createClient(AuthService, transport);
  const tasks = createClient(TaskService, transport);

  const email = `browser-${Date.now()}@example.com`;
  const password = "correct horse battery staple";
  await auth.signUp({ email, password, displayName: "Browser" });
  step("signed up");
  const login = await auth.login({ email, password });
  accessToken = login.tokens?.accessToken ?? "";
  if (!accessToken) throw new Error("Login returned no access token");
  step("logged in");

  const { workspace } = await auth.createWorkspace({ workspace: { displayName: "Browser Co" } });
  const { project } = await tasks.createProject({
    parent: workspace!.name,
    project: { key: "WEB", displayName: "Website" },
  });
  step(`created ${project!.name}`);

  // Watch from the start of the stream so the task's event arrives whether it is committed
  // before or after the server registers the watcher.
  const watch = tasks.watchChanges(
    { parent: project!.name, startPosition: "0".repeat(20) },
    { timeoutMs: 20_000 },
  );
  const title = `Ship the browser client ${Date.now()}`;
  const created = tasks.createTask({ parent: project!.name, task: { title } });
  for await (const message of watch) {
    if (message.kind.case !== "event") continue;
    const resource = message.kind.value.resource;
    if (resource.case === "task" && resource.value.title === title) {
      const task = (await created).task!;
      step(`streamed ${resource.value.name}`);
      if (resource.value.name !== task.name) throw new Error("the streamed task is another one");
      // The same contract over the Connect protocol (JSON bodies), from the same page.
      const overConnect = createClient(
        TaskService,
        createConnectTransport({ baseUrl: gateway, interceptors: [bearer] }),
      );
      const fetched = (await overConnect.getTask({ name: task.name })).task!;
      if (fetched.title !== title) throw new Error(`Connect GetTask returned "${fetched.title}"`);
      step("read back over Connect");
      return `${task.name} "${resource.value.title}" at ${message.kind.value.position}`;
    }
  }
  throw new Error("the change stream ended before the task arrived");
}

const gateway = new URLSearchParams(location.search).get("gateway") ?? "";
main(gateway).then(
  (detail) => (window.result = { ok: true, detail }),
  (error: unknown) => {
    const detail =
      error instanceof ConnectError ? `${error.code} ${error.rawMessage}` : String(error);
    window.result = { ok: false, detail };
  },
);
