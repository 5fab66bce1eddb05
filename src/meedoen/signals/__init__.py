"""Early signalling (vroegsignalering): arrears signals from partners, matching, outreach within the Wgs deadlines."""
