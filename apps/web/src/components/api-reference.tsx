"use client";

import "./api-reference.css";

import { useEffect, useRef } from "react";
import SwaggerUI from "swagger-ui-dist/swagger-ui-es-bundle.js";

import { nameUnnamedControls } from "./api-reference-a11y";

/**
 * Swagger UI, bundled by the app (no CDN), reading /api/openapi.json, in the
 * app's fonts and colours (api-reference.css; docs/decisions/042). "Try it
 * out" sends requests from this page, so they carry the session cookie: a
 * signed-in reader can call the write routes without pasting a token.
 */
export function ApiReference({ url }: { url: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    SwaggerUI({
      url,
      domNode: root,
      // Deep links put a link inside each operation's expand button: a control inside a control.
      deepLinking: false,
      tryItOutEnabled: true,
      // The default sends the document to validator.swagger.io: nothing here calls out.
      validatorUrl: null,
      displayRequestDuration: true,
      // The highlighter colours code with inline styles of its own theme, blind to dark mode and
      // short of contrast; plain text takes the page's colours.
      syntaxHighlight: false,
    });
    // Swagger UI renders as it goes (expanding, trying out, answering): name what it leaves unnamed each time.
    nameUnnamedControls(root);
    const observer = new MutationObserver(() => nameUnnamedControls(root));
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [url]);
  return <div ref={container} className="api-reference" />;
}
