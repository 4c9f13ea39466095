import { z } from "zod";

import { idSchema } from "./id";

/** Names the post to like or unlike: `like.add` and `like.remove` take the same input. */
export const likeInput = z.object({ postId: idSchema });
