import type { NextRequest } from "next/server";

import { getAuth } from "@/server/auth";

export const dynamic = "force-dynamic";

// Auth.js's own endpoints (sign-in, sign-out, CSRF, OAuth callbacks), unchanged.
export const GET = (request: NextRequest) => getAuth().handlers.GET(request);
export const POST = (request: NextRequest) => getAuth().handlers.POST(request);
