// The wrapper against a real khabar-server (path in KHABAR_SERVER), started
// on a free loopback port for this file.
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import * as grpc from "@grpc/grpc-js";

import {
  ArticleInput,
  Feature,
  KhabarClient,
  KhabarError,
  OffsetUnit,
  SERVICE_NAME,
  readTokenFile,
  targetFor,
} from "../src";

// Compiled to dist/test/, so the repository root is four levels up.
const REPO_ROOT = path.resolve(__dirname, "../../../..");
const ARTICLE = readFileSync(path.join(REPO_ROOT, "examples/article.txt"), "utf8");

function serverPath(): string | undefined {
  if (process.env.KHABAR_SERVER) return process.env.KHABAR_SERVER;
  const fallback = path.join(REPO_ROOT, "build/bin/khabar-server");
  return existsSync(fallback) ? fallback : undefined;
}

let server: ChildProcess | undefined;
let secureServer: ChildProcess | undefined;
let client: KhabarClient;
let address = "";
let secureAddress = "";
let certs = "";
const TOKEN = "ts-t0ken-for-khabar";

// A CA and a server certificate for localhost and 127.0.0.1 (EC keys, so
// this takes milliseconds).
const MAKE_CERTIFICATES = `set -e
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
openssl req -x509 $ec -keyout ca.key -out ca.pem -days 2 -subj /CN=test-ca \\
  -addext basicConstraints=critical,CA:TRUE \\
  -addext keyUsage=critical,keyCertSign,cRLSign
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' \\
  > server.ext
openssl req -new $ec -keyout server.key -out server.csr -subj /CN=localhost
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \\
  -out server.pem -days 2 -extfile server.ext
`;

// Starts khabar-server with `args`; resolves to its address.
async function startServer(
  args: string[],
): Promise<[ChildProcess, string]> {
  const binary = serverPath();
  if (binary === undefined) {
    throw new Error("set KHABAR_SERVER to the khabar-server binary");
  }
  const child = spawn(
    binary,
    ["--listen", "127.0.0.1:0", "--log-format", "none", ...args],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const address = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      const match = /^listening on (\S+)$/.exec(line);
      if (match) resolve(match[1]!);
      else reject(new Error(`unexpected first line: ${line}`));
    });
    child.once("exit", (code) =>
      reject(new Error(`khabar-server exited with ${code}`)),
    );
  });
  return [child, address];
}

async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}

before(async () => {
  [server, address] = await startServer([]);
  client = new KhabarClient(address, { timeout: 10_000 });

  // The second server: TLS and a bearer token.
  certs = mkdtempSync(path.join(tmpdir(), "khabar-ts-"));
  execFileSync("/bin/sh", ["-c", MAKE_CERTIFICATES], {
    cwd: certs,
    stdio: "ignore",
  });
  writeFileSync(path.join(certs, "token.txt"), `${TOKEN}\n`);
  [secureServer, secureAddress] = await startServer([
    "--tls-cert",
    path.join(certs, "server.pem"),
    "--tls-key",
    path.join(certs, "server.key"),
    "--auth-token-file",
    path.join(certs, "token.txt"),
  ]);
});

after(async () => {
  client?.close();
  await stopServer(server);
  await stopServer(secureServer);
  if (certs) rmSync(certs, { recursive: true, force: true });
});

async function expectCode(
  promise: Promise<unknown>,
  code: grpc.status,
): Promise<KhabarError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof KhabarError, `not a KhabarError: ${error}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${grpc.status[code]}`);
}

test("analyze returns structure, sentences and tokens", async () => {
  const response = await client.analyze(ARTICLE, { id: "demo-1" });
  assert.equal(response.articleId, "demo-1");
  assert.equal(response.language, "ar");
  assert.equal(response.languageSupported, true);
  assert.ok(response.structure, "structure is set");
  assert.match(response.structure.headline, /وزراء المياه العرب/);
  assert.ok(response.sentences.length > 3);
  assert.ok(response.tokens.length > 50);
  assert.equal(
    response.offsetUnit,
    OffsetUnit.OFFSET_UNIT_UTF16_CODE_UNITS,
  );
});

test("spans index the JavaScript string by default, bytes on request", async () => {
  const text = "قال الوزير 😀 إن «الخطة» جاهزة.\nوأكد ذلك.";
  const utf16 = await client.analyze(text, {}, {
    features: [Feature.FEATURE_TOKENS],
  });
  assert.equal(utf16.textLength, text.length);
  assert.ok(utf16.tokens.length > 5);
  for (const token of utf16.tokens) {
    const span = token.span!;
    assert.equal(text.slice(span.begin, span.end), token.text);
  }

  const bytes = Buffer.from(text, "utf8");
  const utf8 = await client.analyze(text, {}, {
    features: [Feature.FEATURE_TOKENS],
    offsetUnit: OffsetUnit.OFFSET_UNIT_UTF8_BYTES,
  });
  assert.equal(utf8.offsetUnit, OffsetUnit.OFFSET_UNIT_UTF8_BYTES);
  assert.equal(utf8.textLength, bytes.length);
  for (const token of utf8.tokens) {
    const span = token.span!;
    assert.equal(bytes.subarray(span.begin, span.end).toString("utf8"), token.text);
  }
});

test("a large article's response may exceed 4 MiB", async () => {
  const text = "قال الوزير إن الخطة جاهزة. ".repeat(20_000);
  const response = await client.analyze(text);
  assert.ok(Buffer.byteLength(text) > 500_000);
  assert.ok(response.tokens.length > 100_000);
});

test("structured parts are analysed with spans into the joined text", async () => {
  const headline = "وزراء المياه يتفقون على خطة";
  const response = await client.analyzeArticle({
    headline,
    subheadline: "",
    body: "اختتم الوزراء اجتماعهم في عمّان.",
  });
  const span = response.structure!.headlineSpan!;
  assert.equal(span.begin, 0);
  assert.equal(span.end, headline.length);
});

test("invalid input fails with INVALID_ARGUMENT", async () => {
  const empty = await expectCode(client.analyze(""), grpc.status.INVALID_ARGUMENT);
  assert.equal(empty.codeName, "INVALID_ARGUMENT");
  assert.equal(empty.retryable, false);
  await expectCode(client.analyze("نص\u0000فيه صفر"), grpc.status.INVALID_ARGUMENT);
});

test("analyzeMany: one bad article fails alone, results in order", async () => {
  const articles: (ArticleInput | string)[] = [
    { id: "a", text: ARTICLE },
    { id: "bad", text: "" },
    "قال الوزير إن الخطة جاهزة.",
  ];
  const results = [];
  for await (const result of client.analyzeMany(articles)) results.push(result);
  assert.deepEqual(
    results.map((r) => [r.index, r.articleId, r.ok]),
    [
      [0, "a", true],
      [1, "bad", false],
      [2, "", true],
    ],
  );
  const bad = results[1]!;
  assert.ok(!bad.ok);
  assert.equal(bad.error.code, grpc.status.INVALID_ARGUMENT);
  const first = results[0]!;
  assert.ok(first.ok);
  assert.equal(first.response.language, "ar");
});

test("analyzeMany takes an async iterable and can stop early", async () => {
  async function* articles(): AsyncGenerator<ArticleInput> {
    for (let i = 0; i < 1000; i++) {
      yield { id: `n${i}`, text: `خبر رقم ${i} عن الاجتماع.` };
    }
  }
  let seen = 0;
  for await (const result of client.analyzeMany(articles())) {
    assert.ok(result.ok);
    assert.equal(result.articleId, `n${seen}`);
    if (++seen === 5) break;
  }
  assert.equal(seen, 5);
  // The channel is still usable after the cancelled stream.
  assert.equal(await client.health(), "SERVING");
});

test("info describes the server", async () => {
  const info = await client.info();
  assert.match(info.version, /^\d+\.\d+\.\d+/);
  assert.ok(info.supportedLanguages.includes("ar"));
  assert.ok(info.features.includes(Feature.FEATURE_TOKENS));
  assert.equal(info.limits?.maxArticleBytes, 1 << 20);
});

test("health reports SERVING for the service and the server", async () => {
  assert.equal(await client.health(), "SERVING");
  assert.equal(await client.health(SERVICE_NAME), "SERVING");
  assert.equal(await client.health(""), "SERVING");
  await expectCode(client.health("no.such.Service"), grpc.status.NOT_FOUND);
});

test("an unreachable server is UNAVAILABLE and retryable", async () => {
  const dead = new KhabarClient("127.0.0.1:1", { timeout: 2_000 });
  try {
    const error = await expectCode(dead.info(), grpc.status.UNAVAILABLE);
    assert.equal(error.retryable, true);
  } finally {
    dead.close();
  }
});

test("the bearer token is sent over TLS", async () => {
  const token = readTokenFile(path.join(certs, "token.txt"));
  assert.equal(token, TOKEN);
  const secure = new KhabarClient(secureAddress, {
    timeout: 10_000,
    tls: { ca: path.join(certs, "ca.pem") },
    token,
  });
  try {
    assert.match((await secure.info()).version, /^\d+\.\d+\.\d+/);
    const response = await secure.analyze("قال الوزير إن الخطة جاهزة.");
    assert.ok(response.tokens.length > 3);
    const results = [];
    for await (const result of secure.analyzeMany(["نص أول.", "نص ثان."])) {
      results.push(result.ok);
    }
    assert.deepEqual(results, [true, true]);
  } finally {
    secure.close();
  }
});

test("a missing or wrong token is UNAUTHENTICATED; health stays open", async () => {
  const ca = readFileSync(path.join(certs, "ca.pem"));
  for (const token of [undefined, "wrong-token"]) {
    const secure = new KhabarClient(secureAddress, {
      timeout: 10_000,
      tls: { ca },
      token,
    });
    try {
      const error = await expectCode(
        secure.info(),
        grpc.status.UNAUTHENTICATED,
      );
      assert.match(error.details, /bearer token/);
      assert.ok(!error.details.includes(TOKEN));
      await expectCode(
        secure.analyze("قال الوزير."),
        grpc.status.UNAUTHENTICATED,
      );
      await assert.rejects(
        (async () => {
          for await (const _ of secure.analyzeMany(["قال الوزير."])) {
            // Nothing arrives before the stream is refused.
          }
        })(),
        (e: unknown) =>
          e instanceof KhabarError && e.code === grpc.status.UNAUTHENTICATED,
      );
      assert.equal(await secure.health(), "SERVING");
    } finally {
      secure.close();
    }
  }
});

test("a replica list over TLS checks the name given", async () => {
  const secure = new KhabarClient([secureAddress, secureAddress], {
    timeout: 10_000,
    tls: { ca: path.join(certs, "ca.pem"), serverName: "localhost" },
    token: TOKEN,
  });
  try {
    for (let i = 0; i < 3; i++) assert.ok((await secure.info()).version);
  } finally {
    secure.close();
  }
});

test("plaintext or untrusting clients cannot reach the TLS server", async () => {
  for (const tls of [false, true]) {
    const c = new KhabarClient(secureAddress, {
      timeout: 3_000,
      tls,
      token: TOKEN,
    });
    try {
      await expectCode(c.info(), grpc.status.UNAVAILABLE);
    } finally {
      c.close();
    }
  }
});

test("targetFor turns lists into ipv4:/ipv6: targets", () => {
  assert.equal(targetFor("127.0.0.1:1"), "127.0.0.1:1");
  assert.equal(targetFor("dns:///khabar:50051"), "dns:///khabar:50051");
  assert.equal(targetFor("10.0.0.1:1, 10.0.0.2:2"), "ipv4:10.0.0.1:1,10.0.0.2:2");
  assert.equal(targetFor(["10.0.0.1:1", "10.0.0.2:2"]), "ipv4:10.0.0.1:1,10.0.0.2:2");
  assert.equal(targetFor(["[::1]:1", "[::1]:2"]), "ipv6:[::1]:1,[::1]:2");
  for (const bad of ["a:1,b:2", "10.0.0.1:1,,10.0.0.2:2", "", []]) {
    assert.throws(() => targetFor(bad));
  }
  assert.throws(() => new KhabarClient("127.0.0.1:1", { token: "two words" }));
});
