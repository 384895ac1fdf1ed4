#!/usr/bin/env node
import { parseArgs } from "node:util";

import { isTokenStoreError } from "@tokenstore/core";

import { checkCommand } from "./check-command.js";
import { copyCommand, copySource, isZohoSource } from "./copy-command.js";
import { processOutput, type Output } from "./output.js";
import { parseStoreSpec } from "./store-spec.js";
import { deleteCommand, listCommand, showCommand } from "./token-commands.js";
import { UsageError } from "./usage-error.js";

const HELP = `Usage: tokenstore <command> [options]

Commands:
  check STORE          run the conformance suite against STORE (deletes its tokens)
  list STORE           list the tokens in STORE
  show STORE ID        show one token
  delete STORE ID      delete one token
  copy FROM TO         copy every token from FROM to TO, keeping ids

STORE is one of:
  memory:                          a new in-memory store
  file:PATH                        a tokenstore JSON file
  sqlite:PATH | sqlite::memory:    a SQLite database
  mysql://USER:PASSWORD@HOST:PORT/DATABASE
  mongodb://HOST:PORT/DATABASE
  PATH                             a module exporting createStore() (check only
                                   needs a new, empty store from each call)
FROM may also be a Zoho CRM SDK store:
  zoho-csv:PATH                    a FileStore CSV file
  zoho-mysql://USER:PASSWORD@HOST:PORT/DATABASE   a DBStore table

Options:
  --table NAME        table (SQLite, MySQL) or collection (MongoDB) name
  --zoho-table NAME   DBStore table for zoho-mysql:// (default oauthtoken)
  --force             check: run even if STORE holds tokens, deleting them
  --json FILE         check: also write a JSON report to FILE
  --format FORMAT     list, show: table (default) or json
  --junit FILE        check: also write a JUnit XML report to FILE
  --reveal            list, show: print secrets in full instead of masked
  -h, --help          print this help

Exit status: 0 on success, 1 when a check case fails or a token is not found
or not copied, 2 on a usage or connection error.
`;

function parseFormat(format: string): "table" | "json" {
  if (format !== "table" && format !== "json") {
    throw new UsageError(`invalid --format "${format}"; use table or json.`);
  }
  return format;
}

function requireArguments(
  positionals: string[],
  count: number,
  usage: string,
): string[] {
  if (positionals.length !== count) {
    throw new UsageError(`usage: tokenstore ${usage}`);
  }
  return positionals;
}

/** Runs the command line `argv` (without node and script) and resolves to the exit status. */
export async function run(
  argv: string[],
  output: Output = processOutput,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      table: { type: "string" },
      "zoho-table": { type: "string", default: "oauthtoken" },
      force: { type: "boolean", default: false },
      json: { type: "string" },
      junit: { type: "string" },
      reveal: { type: "boolean", default: false },
      format: { type: "string", default: "table" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    output.write(HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  const specOptions = values.table === undefined ? {} : { table: values.table };

  switch (command) {
    case "check": {
      const [spec] = requireArguments(
        rest,
        1,
        "check STORE [--force] [--json FILE] [--junit FILE]",
      );
      return checkCommand(
        parseStoreSpec(spec!, specOptions),
        { force: values.force, jsonPath: values.json, junitPath: values.junit },
        output,
      );
    }
    case "list": {
      const [spec] = requireArguments(
        rest,
        1,
        "list STORE [--reveal] [--format json]",
      );
      return listCommand(
        parseStoreSpec(spec!, specOptions),
        { reveal: values.reveal, json: parseFormat(values.format) === "json" },
        output,
      );
    }
    case "show": {
      const [spec, id] = requireArguments(
        rest,
        2,
        "show STORE ID [--reveal] [--format json]",
      );
      return showCommand(
        parseStoreSpec(spec!, specOptions),
        id!,
        { reveal: values.reveal, json: parseFormat(values.format) === "json" },
        output,
      );
    }
    case "delete": {
      const [spec, id] = requireArguments(rest, 2, "delete STORE ID");
      return deleteCommand(parseStoreSpec(spec!, specOptions), id!, output);
    }
    case "copy": {
      const [from, to] = requireArguments(rest, 2, "copy FROM TO");
      if (isZohoSource(to!)) {
        throw new UsageError("Zoho SDK formats can be copied from, not to.");
      }
      const source = copySource(
        from!,
        () => parseStoreSpec(from!, specOptions),
        values["zoho-table"],
      );
      return copyCommand(source, parseStoreSpec(to!, specOptions), output);
    }
    default:
      throw new UsageError(
        `unknown command "${command}". Run tokenstore --help for the commands.`,
      );
  }
}

async function main(): Promise<void> {
  try {
    process.exitCode = await run(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError || isTokenStoreError(error)) {
      processOutput.error(`tokenstore: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    if (
      error instanceof TypeError &&
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
    ) {
      processOutput.error(
        `tokenstore: ${error.message}. Run tokenstore --help for the options.`,
      );
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

await main();
