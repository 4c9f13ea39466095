#!/usr/bin/env node
// The `trellis` bin runs the built CLI (dist/cli.js, written by `pnpm build`). It is a committed file of
// its own so that installing the workspace can link the bin before anything is built.
import "../dist/cli.js";
