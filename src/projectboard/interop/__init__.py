"""Reading and writing other tools' project files: MSPDI XML, and MS Project .mpp through MPXJ."""
