import { limitCredentialsSignIn } from "@trellis/server/rate-limit";
import type { NextRequest } from "next/server";

import { getAuth } from "@/server/auth";

export const dynamic = "force-dynamic";

// Auth.js's own endpoints (sign-in, sign-out, CSRF, OAuth callbacks), unchanged — except that a password
// sign-in whose body could be read two ways is refused (400), and one the sign-in rate limits refused
// (counted inside Auth.js, see @/server/auth) answers 429 with Retry-After.
export const GET = (request: NextRequest) => getAuth().handlers.GET(request);
export const POST = (request: NextRequest) => limitCredentialsSignIn(request, (req) => getAuth().handlers.POST(req));
