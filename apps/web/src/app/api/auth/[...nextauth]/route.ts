import { limitCredentialsSignIn } from "@trellis/api/rate-limit";
import type { NextRequest } from "next/server";

import { getAuth } from "@/server/auth";
import { clientIpFromHeaders } from "@/server/client-ip";
import { getRateLimits } from "@/server/rate-limits";

export const dynamic = "force-dynamic";

// Auth.js's own endpoints (sign-in, sign-out, CSRF, OAuth callbacks), unchanged — except that a password
// sign-in first passes the sign-in rate limits (429 with Retry-After once there were too many failures).
export const GET = (request: NextRequest) => getAuth().handlers.GET(request);
export const POST = async (request: NextRequest) =>
  limitCredentialsSignIn(request, (req) => getAuth().handlers.POST(req), {
    rateLimits: await getRateLimits(),
    ip: clientIpFromHeaders(request.headers),
  });
