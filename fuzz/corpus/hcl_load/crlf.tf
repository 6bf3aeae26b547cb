d = <<E
crlf
E
﻿x = 1
