"use client";

import "swagger-ui-dist/swagger-ui.css";

import { useEffect, useRef } from "react";
import SwaggerUI from "swagger-ui-dist/swagger-ui-es-bundle.js";

/**
 * Swagger UI, bundled by the app (no CDN), reading /api/openapi.json. "Try it
 * out" sends requests from this page, so they carry the session cookie: a
 * signed-in reader can call the write routes without pasting a token.
 */
export function ApiReference({ url }: { url: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!container.current) return;
    SwaggerUI({
      url,
      domNode: container.current,
      deepLinking: true,
      tryItOutEnabled: true,
      // The default sends the document to validator.swagger.io: nothing here calls out.
      validatorUrl: null,
      displayRequestDuration: true,
    });
  }, [url]);
  return <div ref={container} className="api-reference" />;
}
