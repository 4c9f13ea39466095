import { z } from "zod";

import { idSchema } from "./post";

export const toggleLikeInput = z.object({ postId: idSchema });
