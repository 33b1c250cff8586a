//! The standard modules as Zoho ships them (field API names, labels, picklists and mandatory
//! fields follow a fresh Enterprise org), trimmed to the fields clients commonly touch.

use super::Kind::{
    AnyLookup, Boolean, Currency, Date, DateTime, Double, Email, Integer, LineItems, Lookup,
    MultiPicklist, Percent, Phone, Picklist, Raw, TextArea, User, Website,
};
use super::{Field, Kind, ModuleDef, RelKind, Related};

const fn text(api_name: &'static str, label: &'static str, length: usize) -> Field {
    Field::new(api_name, label, Kind::Text(length))
}

const fn of(api_name: &'static str, label: &'static str, kind: Kind) -> Field {
    Field::new(api_name, label, kind)
}

const fn ro(api_name: &'static str, label: &'static str, kind: Kind) -> Field {
    Field::read_only(api_name, label, kind)
}

const fn rel(
    api_name: &'static str,
    label: &'static str,
    target: &'static str,
    kind: RelKind,
) -> Related {
    Related {
        api_name,
        label,
        target,
        kind,
    }
}

const NOTES: Related = rel("Notes", "Notes", "Notes", RelKind::Notes);
const ATTACHMENTS: Related = rel(
    "Attachments",
    "Attachments",
    "Attachments",
    RelKind::Attachments,
);
const PRODUCTS: Related = rel("Products", "Products", "Products", RelKind::Junction);

const SALUTATION: &[&str] = &["-None-", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof."];
const LEAD_SOURCE: &[&str] = &[
    "-None-",
    "Advertisement",
    "Cold Call",
    "Employee Referral",
    "External Referral",
    "Online Store",
    "Partner",
    "Public Relations",
    "Sales Email Alias",
    "Seminar Partner",
    "Internal Seminar",
    "Trade Show",
    "Web Download",
    "Web Research",
    "Chat",
];
const LEAD_STATUS: &[&str] = &[
    "-None-",
    "Attempted to Contact",
    "Contact in Future",
    "Contacted",
    "Junk Lead",
    "Lost Lead",
    "Not Contacted",
    "Pre-Qualified",
    "Not Qualified",
];
const INDUSTRY: &[&str] = &[
    "-None-",
    "ASP (Application Service Provider)",
    "Data/Telecom OEM",
    "ERP (Enterprise Resource Planning)",
    "Government/Military",
    "Large Enterprise",
    "ManagementISV",
    "MSP (Management Service Provider)",
    "Network Equipment Enterprise",
    "Non-management ISV",
    "Optical Networking",
    "Service Provider",
    "Small/Medium Enterprise",
    "Storage Equipment",
    "Storage Service Provider",
    "Systems Integrator",
    "Wireless Industry",
];
const RATING: &[&str] = &[
    "-None-",
    "Acquired",
    "Active",
    "Market Failed",
    "Project Cancelled",
    "Shut Down",
];
const ACCOUNT_TYPE: &[&str] = &[
    "-None-",
    "Analyst",
    "Competitor",
    "Customer",
    "Distributor",
    "Integrator",
    "Investor",
    "Other",
    "Partner",
    "Press",
    "Prospect",
    "Reseller",
    "Supplier",
    "Vendor",
];
const OWNERSHIP: &[&str] = &[
    "-None-",
    "Other",
    "Private",
    "Public",
    "Subsidiary",
    "Partnership",
    "Government",
];
pub(crate) const DEAL_STAGE: &[&str] = &[
    "-None-",
    "Qualification",
    "Needs Analysis",
    "Value Proposition",
    "Id. Decision Makers",
    "Proposal/Price Quote",
    "Negotiation/Review",
    "Closed Won",
    "Closed Lost",
    "Closed Lost to Competition",
];
const DEAL_TYPE: &[&str] = &["-None-", "Existing Business", "New Business"];
const TASK_STATUS: &[&str] = &[
    "Not Started",
    "Deferred",
    "In Progress",
    "Completed",
    "Waiting for input",
];
const PRIORITY: &[&str] = &["High", "Highest", "Low", "Lowest", "Normal"];
const CALL_TYPE: &[&str] = &["Outbound", "Inbound", "Missed"];
const CALL_PURPOSE: &[&str] = &[
    "-None-",
    "Prospecting",
    "Administrative",
    "Negotiation",
    "Demo",
    "Project",
    "Desk",
];
const PRODUCT_CATEGORY: &[&str] = &["-None-", "Hardware", "Software", "CRM Applications"];
const MANUFACTURER: &[&str] = &["-None-", "AltvetPet Inc.", "LexPon Inc.", "MetBeat Corp."];
const USAGE_UNIT: &[&str] = &[
    "-None-",
    "Box",
    "Carton",
    "Dozen",
    "Each",
    "Hours",
    "Impressions",
    "Lb",
    "M",
    "Pack",
    "Pages",
    "Pieces",
    "Quantity",
    "Reams",
    "Sheet",
    "Spiral Binder",
    "Sq Ft",
];
const TAXES: &[&str] = &["Sales Tax", "Vat"];
const CARRIER: &[&str] = &["-None-", "FedEX", "UPS", "USPS", "DHL", "BlueDart"];
const QUOTE_STAGE: &[&str] = &[
    "-None-",
    "Draft",
    "Negotiation",
    "Delivered",
    "On Hold",
    "Confirmed",
    "Closed Won",
    "Closed Lost",
];
const ORDER_STATUS: &[&str] = &["-None-", "Created", "Approved", "Delivered", "Cancelled"];
const PRICING_MODEL: &[&str] = &["-None-", "Flat", "Differential"];
const GL_ACCOUNT: &[&str] = &[
    "-None-",
    "Sales-Software",
    "Sales-Hardware",
    "Rental-Income",
    "Interest-Income",
    "Sales Discount",
];
const CAMPAIGN_TYPE: &[&str] = &[
    "-None-",
    "Conference",
    "Webinar",
    "Trade Show",
    "Public Relations",
    "Partners",
    "Referral Program",
    "Advertisement",
    "Banner Ads",
    "Direct mail",
    "Email",
    "Telemarketing",
    "Others",
];
const CAMPAIGN_STATUS: &[&str] = &["-None-", "Planning", "Active", "Inactive", "Complete"];
const CASE_STATUS: &[&str] = &["New", "On Hold", "Escalated", "Closed"];
const CASE_ORIGIN: &[&str] = &["-None-", "Email", "Phone", "Web"];
const CASE_TYPE: &[&str] = &["-None-", "Problem", "Feature Request", "Question"];
const CASE_PRIORITY: &[&str] = &["-None-", "High", "Medium", "Low"];
const SOLUTION_STATUS: &[&str] = &["-None-", "Draft", "Reviewed", "Published"];

const LEAD_FIELDS: &[Field] = &[
    text("Company", "Company", 200),
    of("Salutation", "Salutation", Picklist(SALUTATION)),
    text("First_Name", "First Name", 40),
    text("Last_Name", "Last Name", 80),
    ro("Full_Name", "Lead Name", Kind::Text(120)),
    text("Designation", "Title", 100),
    of("Email", "Email", Email),
    of("Secondary_Email", "Secondary Email", Email),
    of("Phone", "Phone", Phone),
    of("Mobile", "Mobile", Phone),
    of("Fax", "Fax", Phone),
    of("Website", "Website", Website),
    of("Lead_Source", "Lead Source", Picklist(LEAD_SOURCE)),
    of("Lead_Status", "Lead Status", Picklist(LEAD_STATUS)),
    of("Industry", "Industry", Picklist(INDUSTRY)),
    of("No_of_Employees", "No. of Employees", Integer),
    of("Annual_Revenue", "Annual Revenue", Currency),
    of("Rating", "Rating", Picklist(RATING)),
    of("Email_Opt_Out", "Email Opt Out", Boolean),
    text("Skype_ID", "Skype ID", 50),
    text("Twitter", "Twitter", 50),
    text("Street", "Street", 250),
    text("City", "City", 100),
    text("State", "State", 100),
    text("Zip_Code", "Zip Code", 30),
    text("Country", "Country", 100),
    of("Description", "Description", TextArea),
];

const CONTACT_FIELDS: &[Field] = &[
    of("Salutation", "Salutation", Picklist(SALUTATION)),
    text("First_Name", "First Name", 40),
    text("Last_Name", "Last Name", 80),
    ro("Full_Name", "Contact Name", Kind::Text(120)),
    of("Account_Name", "Account Name", Lookup("Accounts")),
    of("Vendor_Name", "Vendor Name", Lookup("Vendors")),
    of("Lead_Source", "Lead Source", Picklist(LEAD_SOURCE)),
    of("Email", "Email", Email),
    of("Secondary_Email", "Secondary Email", Email),
    text("Title", "Title", 100),
    text("Department", "Department", 30),
    of("Phone", "Phone", Phone),
    of("Home_Phone", "Home Phone", Phone),
    of("Other_Phone", "Other Phone", Phone),
    of("Mobile", "Mobile", Phone),
    of("Fax", "Fax", Phone),
    text("Assistant", "Assistant", 30),
    of("Asst_Phone", "Asst Phone", Phone),
    of("Reporting_To", "Reporting To", Lookup("Contacts")),
    of("Date_of_Birth", "Date of Birth", Date),
    of("Email_Opt_Out", "Email Opt Out", Boolean),
    text("Skype_ID", "Skype ID", 50),
    text("Twitter", "Twitter", 50),
    text("Mailing_Street", "Mailing Street", 250),
    text("Mailing_City", "Mailing City", 30),
    text("Mailing_State", "Mailing State", 30),
    text("Mailing_Zip", "Mailing Zip", 30),
    text("Mailing_Country", "Mailing Country", 30),
    text("Other_Street", "Other Street", 250),
    text("Other_City", "Other City", 30),
    text("Other_State", "Other State", 30),
    text("Other_Zip", "Other Zip", 30),
    text("Other_Country", "Other Country", 30),
    of("Description", "Description", TextArea),
];

const ACCOUNT_FIELDS: &[Field] = &[
    text("Account_Name", "Account Name", 200),
    text("Account_Site", "Account Site", 30),
    of("Parent_Account", "Parent Account", Lookup("Accounts")),
    text("Account_Number", "Account Number", 40),
    of("Account_Type", "Account Type", Picklist(ACCOUNT_TYPE)),
    of("Industry", "Industry", Picklist(INDUSTRY)),
    of("Annual_Revenue", "Annual Revenue", Currency),
    of("Rating", "Rating", Picklist(RATING)),
    of("Phone", "Phone", Phone),
    of("Fax", "Fax", Phone),
    of("Website", "Website", Website),
    text("Ticker_Symbol", "Ticker Symbol", 30),
    of("Ownership", "Ownership", Picklist(OWNERSHIP)),
    of("Employees", "Employees", Integer),
    of("SIC_Code", "SIC Code", Integer),
    text("Billing_Street", "Billing Street", 250),
    text("Billing_City", "Billing City", 30),
    text("Billing_State", "Billing State", 30),
    text("Billing_Code", "Billing Code", 30),
    text("Billing_Country", "Billing Country", 30),
    text("Shipping_Street", "Shipping Street", 250),
    text("Shipping_City", "Shipping City", 30),
    text("Shipping_State", "Shipping State", 30),
    text("Shipping_Code", "Shipping Code", 30),
    text("Shipping_Country", "Shipping Country", 30),
    of("Description", "Description", TextArea),
];

const DEAL_FIELDS: &[Field] = &[
    text("Deal_Name", "Deal Name", 120),
    of("Amount", "Amount", Currency),
    of("Closing_Date", "Closing Date", Date),
    of("Account_Name", "Account Name", Lookup("Accounts")),
    of("Contact_Name", "Contact Name", Lookup("Contacts")),
    of("Stage", "Stage", Picklist(DEAL_STAGE)),
    of("Type", "Type", Picklist(DEAL_TYPE)),
    of("Probability", "Probability (%)", Percent),
    of("Expected_Revenue", "Expected Revenue", Currency),
    text("Next_Step", "Next Step", 100),
    of("Lead_Source", "Lead Source", Picklist(LEAD_SOURCE)),
    of("Campaign_Source", "Campaign Source", Lookup("Campaigns")),
    of("Description", "Description", TextArea),
];

const TASK_FIELDS: &[Field] = &[
    text("Subject", "Subject", 255),
    of("Due_Date", "Due Date", Date),
    of("Who_Id", "Contact Name", Lookup("Contacts")),
    of("What_Id", "Related To", AnyLookup),
    of("Status", "Status", Picklist(TASK_STATUS)),
    of("Priority", "Priority", Picklist(PRIORITY)),
    of(
        "Send_Notification_Email",
        "Send Notification Email",
        Boolean,
    ),
    of("Description", "Description", TextArea),
];

const EVENT_FIELDS: &[Field] = &[
    text("Event_Title", "Title", 255),
    text("Venue", "Location", 255),
    of("All_day", "All day", Boolean),
    of("Start_DateTime", "From", DateTime),
    of("End_DateTime", "To", DateTime),
    of("Who_Id", "Contact Name", Lookup("Contacts")),
    of("What_Id", "Related To", AnyLookup),
    of("Participants", "Participants", Raw),
    of("Description", "Description", TextArea),
];

const CALL_FIELDS: &[Field] = &[
    text("Subject", "Subject", 255),
    of("Call_Type", "Call Type", Picklist(CALL_TYPE)),
    of("Call_Purpose", "Call Purpose", Picklist(CALL_PURPOSE)),
    of("Who_Id", "Contact Name", Lookup("Contacts")),
    of("What_Id", "Related To", AnyLookup),
    of("Call_Start_Time", "Call Start Time", DateTime),
    text("Call_Duration", "Call Duration", 10),
    text("Call_Result", "Call Result", 100),
    of("Description", "Description", TextArea),
];

const PRODUCT_FIELDS: &[Field] = &[
    text("Product_Name", "Product Name", 120),
    text("Product_Code", "Product Code", 40),
    of("Vendor_Name", "Vendor Name", Lookup("Vendors")),
    of("Product_Active", "Product Active", Boolean),
    of("Manufacturer", "Manufacturer", Picklist(MANUFACTURER)),
    of(
        "Product_Category",
        "Product Category",
        Picklist(PRODUCT_CATEGORY),
    ),
    of("Sales_Start_Date", "Sales Start Date", Date),
    of("Sales_End_Date", "Sales End Date", Date),
    of("Unit_Price", "Unit Price", Currency),
    of("Commission_Rate", "Commission Rate", Currency),
    of("Tax", "Tax", MultiPicklist(TAXES)),
    of("Taxable", "Taxable", Boolean),
    of("Usage_Unit", "Usage Unit", Picklist(USAGE_UNIT)),
    of("Qty_Ordered", "Qty Ordered", Double),
    of("Qty_in_Stock", "Quantity in Stock", Double),
    of("Reorder_Level", "Reorder Level", Double),
    of("Qty_in_Demand", "Quantity in Demand", Double),
    of("Handler", "Handler", User),
    of("Description", "Description", TextArea),
];

const QUOTE_FIELDS: &[Field] = &[
    text("Subject", "Subject", 255),
    of("Deal_Name", "Deal Name", Lookup("Deals")),
    of("Valid_Till", "Valid Till", Date),
    of("Contact_Name", "Contact Name", Lookup("Contacts")),
    of("Account_Name", "Account Name", Lookup("Accounts")),
    of("Quote_Stage", "Quote Stage", Picklist(QUOTE_STAGE)),
    of("Carrier", "Carrier", Picklist(CARRIER)),
    of("Product_Details", "Product Details", LineItems),
    ro("Sub_Total", "Sub Total", Currency),
    of("Discount", "Discount", Currency),
    of("Tax", "Tax", Currency),
    of("Adjustment", "Adjustment", Currency),
    ro("Grand_Total", "Grand Total", Currency),
    text("Billing_Street", "Billing Street", 250),
    text("Billing_City", "Billing City", 30),
    text("Billing_Country", "Billing Country", 30),
    text("Shipping_Street", "Shipping Street", 250),
    text("Shipping_City", "Shipping City", 30),
    text("Shipping_Country", "Shipping Country", 30),
    of("Terms_and_Conditions", "Terms and Conditions", TextArea),
    of("Description", "Description", TextArea),
];

const SALES_ORDER_FIELDS: &[Field] = &[
    text("Subject", "Subject", 255),
    text("Customer_No", "Customer No", 40),
    of("Quote_Name", "Quote Name", Lookup("Quotes")),
    of("Deal_Name", "Deal Name", Lookup("Deals")),
    text("Purchase_Order", "Purchase Order", 40),
    of("Due_Date", "Due Date", Date),
    of("Contact_Name", "Contact Name", Lookup("Contacts")),
    of("Account_Name", "Account Name", Lookup("Accounts")),
    of("Status", "Status", Picklist(ORDER_STATUS)),
    of("Carrier", "Carrier", Picklist(CARRIER)),
    of("Product_Details", "Product Details", LineItems),
    ro("Sub_Total", "Sub Total", Currency),
    of("Discount", "Discount", Currency),
    of("Tax", "Tax", Currency),
    of("Adjustment", "Adjustment", Currency),
    ro("Grand_Total", "Grand Total", Currency),
    text("Billing_Street", "Billing Street", 250),
    text("Shipping_Street", "Shipping Street", 250),
    of("Terms_and_Conditions", "Terms and Conditions", TextArea),
    of("Description", "Description", TextArea),
];

const PURCHASE_ORDER_FIELDS: &[Field] = &[
    text("Subject", "Subject", 255),
    of("Vendor_Name", "Vendor Name", Lookup("Vendors")),
    text("Requisition_No", "Requisition No", 40),
    text("Tracking_Number", "Tracking Number", 40),
    of("Contact_Name", "Contact Name", Lookup("Contacts")),
    of("PO_Date", "PO Date", Date),
    of("Due_Date", "Due Date", Date),
    of("Carrier", "Carrier", Picklist(CARRIER)),
    of("Status", "Status", Picklist(ORDER_STATUS)),
    of("Product_Details", "Product Details", LineItems),
    ro("Sub_Total", "Sub Total", Currency),
    of("Discount", "Discount", Currency),
    of("Tax", "Tax", Currency),
    of("Adjustment", "Adjustment", Currency),
    ro("Grand_Total", "Grand Total", Currency),
    text("Billing_Street", "Billing Street", 250),
    text("Shipping_Street", "Shipping Street", 250),
    of("Terms_and_Conditions", "Terms and Conditions", TextArea),
    of("Description", "Description", TextArea),
];

const INVOICE_FIELDS: &[Field] = &[
    text("Subject", "Subject", 255),
    of("Sales_Order", "Sales Order", Lookup("Sales_Orders")),
    of("Invoice_Date", "Invoice Date", Date),
    of("Due_Date", "Due Date", Date),
    of("Deal_Name", "Deal Name", Lookup("Deals")),
    of("Contact_Name", "Contact Name", Lookup("Contacts")),
    of("Account_Name", "Account Name", Lookup("Accounts")),
    of("Status", "Status", Picklist(ORDER_STATUS)),
    of("Product_Details", "Product Details", LineItems),
    ro("Sub_Total", "Sub Total", Currency),
    of("Discount", "Discount", Currency),
    of("Tax", "Tax", Currency),
    of("Adjustment", "Adjustment", Currency),
    ro("Grand_Total", "Grand Total", Currency),
    text("Billing_Street", "Billing Street", 250),
    text("Shipping_Street", "Shipping Street", 250),
    of("Terms_and_Conditions", "Terms and Conditions", TextArea),
    of("Description", "Description", TextArea),
];

const PRICE_BOOK_FIELDS: &[Field] = &[
    text("Price_Book_Name", "Price Book Name", 120),
    of("Active", "Active", Boolean),
    of("Pricing_Model", "Pricing Model", Picklist(PRICING_MODEL)),
    of("Pricing_Details", "Pricing Details", Raw),
    of("Description", "Description", TextArea),
];

const VENDOR_FIELDS: &[Field] = &[
    text("Vendor_Name", "Vendor Name", 100),
    of("Phone", "Phone", Phone),
    of("Email", "Email", Email),
    of("Website", "Website", Website),
    of("GL_Account", "GL Account", Picklist(GL_ACCOUNT)),
    text("Category", "Category", 100),
    text("Street", "Street", 250),
    text("City", "City", 30),
    text("State", "State", 30),
    text("Zip_Code", "Zip Code", 30),
    text("Country", "Country", 30),
    of("Description", "Description", TextArea),
];

const CAMPAIGN_FIELDS: &[Field] = &[
    text("Campaign_Name", "Campaign Name", 120),
    of("Type", "Type", Picklist(CAMPAIGN_TYPE)),
    of("Status", "Status", Picklist(CAMPAIGN_STATUS)),
    of("Start_Date", "Start Date", Date),
    of("End_Date", "End Date", Date),
    of("Expected_Revenue", "Expected Revenue", Currency),
    of("Budgeted_Cost", "Budgeted Cost", Currency),
    of("Actual_Cost", "Actual Cost", Currency),
    of("Expected_Response", "Expected Response", Integer),
    of("Num_sent", "Numbers sent", Integer),
    of("Parent_Campaign", "Parent Campaign", Lookup("Campaigns")),
    of("Description", "Description", TextArea),
];

const CASE_FIELDS: &[Field] = &[
    text("Subject", "Subject", 255),
    of("Status", "Status", Picklist(CASE_STATUS)),
    of("Case_Origin", "Case Origin", Picklist(CASE_ORIGIN)),
    of("Type", "Type", Picklist(CASE_TYPE)),
    of("Priority", "Priority", Picklist(CASE_PRIORITY)),
    text("Case_Reason", "Case Reason", 100),
    of("Product_Name", "Product Name", Lookup("Products")),
    of("Account_Name", "Account Name", Lookup("Accounts")),
    of("Deal_Name", "Deal Name", Lookup("Deals")),
    of("Related_To", "Related To", Lookup("Contacts")),
    of("Email", "Email", Email),
    of("Phone", "Phone", Phone),
    of("Solution", "Solution", TextArea),
    of("Description", "Description", TextArea),
];

const SOLUTION_FIELDS: &[Field] = &[
    text("Solution_Title", "Solution Title", 255),
    of("Product_Name", "Product Name", Lookup("Products")),
    of("Status", "Status", Picklist(SOLUTION_STATUS)),
    of("Question", "Question", TextArea),
    of("Answer", "Answer", TextArea),
];

const NOTE_FIELDS: &[Field] = &[
    text("Note_Title", "Note Title", 120),
    of("Note_Content", "Note Content", TextArea),
    of("Parent_Id", "Parent ID", AnyLookup),
];

const ATTACHMENT_FIELDS: &[Field] = &[
    text("File_Name", "File Name", 255),
    ro("Size", "Size", Kind::Text(20)),
    of("Parent_Id", "Parent ID", AnyLookup),
];

const INVENTORY_MANDATORY: &[&str] = &["Subject", "Product_Details"];

#[allow(clippy::too_many_arguments)]
const fn def(
    api_name: &'static str,
    singular: &'static str,
    plural: &'static str,
    name_field: &'static str,
    mandatory: &'static [&'static str],
    dedupe: &'static [&'static str],
    fields: &'static [Field],
    related: &'static [Related],
) -> ModuleDef {
    ModuleDef {
        api_name,
        singular,
        plural,
        name_field,
        mandatory,
        dedupe,
        fields,
        related,
        records: true,
    }
}

pub(crate) const MODULES: &[ModuleDef] = &[
    def(
        "Leads",
        "Lead",
        "Leads",
        "Full_Name",
        &["Last_Name"],
        &["Email"],
        LEAD_FIELDS,
        &[
            NOTES,
            ATTACHMENTS,
            PRODUCTS,
            rel("Campaigns", "Campaigns", "Campaigns", RelKind::Junction),
        ],
    ),
    def(
        "Contacts",
        "Contact",
        "Contacts",
        "Full_Name",
        &["Last_Name"],
        &["Email"],
        CONTACT_FIELDS,
        &[
            NOTES,
            ATTACHMENTS,
            rel("Deals", "Deals", "Deals", RelKind::Lookup("Contact_Name")),
            PRODUCTS,
            rel("Campaigns", "Campaigns", "Campaigns", RelKind::Junction),
            rel(
                "Tasks",
                "Open Activities",
                "Tasks",
                RelKind::Lookup("Who_Id"),
            ),
            rel("Cases", "Cases", "Cases", RelKind::Lookup("Related_To")),
        ],
    ),
    def(
        "Accounts",
        "Account",
        "Accounts",
        "Account_Name",
        &["Account_Name"],
        &["Account_Name"],
        ACCOUNT_FIELDS,
        &[
            NOTES,
            ATTACHMENTS,
            rel(
                "Contacts",
                "Contacts",
                "Contacts",
                RelKind::Lookup("Account_Name"),
            ),
            rel("Deals", "Deals", "Deals", RelKind::Lookup("Account_Name")),
            PRODUCTS,
            rel(
                "Quotes",
                "Quotes",
                "Quotes",
                RelKind::Lookup("Account_Name"),
            ),
            rel(
                "Sales_Orders",
                "Sales Orders",
                "Sales_Orders",
                RelKind::Lookup("Account_Name"),
            ),
            rel(
                "Invoices",
                "Invoices",
                "Invoices",
                RelKind::Lookup("Account_Name"),
            ),
            rel("Cases", "Cases", "Cases", RelKind::Lookup("Account_Name")),
            rel(
                "Child_Accounts",
                "Member Accounts",
                "Accounts",
                RelKind::Lookup("Parent_Account"),
            ),
        ],
    ),
    def(
        "Deals",
        "Deal",
        "Deals",
        "Deal_Name",
        &["Deal_Name", "Stage"],
        &["Deal_Name"],
        DEAL_FIELDS,
        &[
            NOTES,
            ATTACHMENTS,
            rel(
                "Contact_Roles",
                "Contact Roles",
                "Contacts",
                RelKind::Junction,
            ),
            PRODUCTS,
            rel("Quotes", "Quotes", "Quotes", RelKind::Lookup("Deal_Name")),
            rel(
                "Sales_Orders",
                "Sales Orders",
                "Sales_Orders",
                RelKind::Lookup("Deal_Name"),
            ),
        ],
    ),
    def(
        "Tasks",
        "Task",
        "Tasks",
        "Subject",
        &["Subject"],
        &[],
        TASK_FIELDS,
        &[NOTES, ATTACHMENTS],
    ),
    def(
        "Events",
        "Event",
        "Events",
        "Event_Title",
        &["Event_Title", "Start_DateTime", "End_DateTime"],
        &[],
        EVENT_FIELDS,
        &[NOTES, ATTACHMENTS],
    ),
    def(
        "Calls",
        "Call",
        "Calls",
        "Subject",
        &["Subject", "Call_Type", "Call_Start_Time"],
        &[],
        CALL_FIELDS,
        &[NOTES, ATTACHMENTS],
    ),
    def(
        "Products",
        "Product",
        "Products",
        "Product_Name",
        &["Product_Name"],
        &["Product_Name"],
        PRODUCT_FIELDS,
        &[
            NOTES,
            ATTACHMENTS,
            rel(
                "Price_Books",
                "Price Books",
                "Price_Books",
                RelKind::Junction,
            ),
            rel("Leads", "Leads", "Leads", RelKind::Junction),
            rel("Contacts", "Contacts", "Contacts", RelKind::Junction),
            rel("Accounts", "Accounts", "Accounts", RelKind::Junction),
            rel("Deals", "Deals", "Deals", RelKind::Junction),
            rel("Cases", "Cases", "Cases", RelKind::Lookup("Product_Name")),
        ],
    ),
    def(
        "Quotes",
        "Quote",
        "Quotes",
        "Subject",
        INVENTORY_MANDATORY,
        &[],
        QUOTE_FIELDS,
        &[
            NOTES,
            ATTACHMENTS,
            rel(
                "Sales_Orders",
                "Sales Orders",
                "Sales_Orders",
                RelKind::Lookup("Quote_Name"),
            ),
        ],
    ),
    def(
        "Sales_Orders",
        "Sales Order",
        "Sales Orders",
        "Subject",
        INVENTORY_MANDATORY,
        &[],
        SALES_ORDER_FIELDS,
        &[
            NOTES,
            ATTACHMENTS,
            rel(
                "Invoices",
                "Invoices",
                "Invoices",
                RelKind::Lookup("Sales_Order"),
            ),
        ],
    ),
    def(
        "Purchase_Orders",
        "Purchase Order",
        "Purchase Orders",
        "Subject",
        &["Subject", "Vendor_Name", "Product_Details"],
        &[],
        PURCHASE_ORDER_FIELDS,
        &[NOTES, ATTACHMENTS],
    ),
    def(
        "Invoices",
        "Invoice",
        "Invoices",
        "Subject",
        INVENTORY_MANDATORY,
        &[],
        INVOICE_FIELDS,
        &[NOTES, ATTACHMENTS],
    ),
    def(
        "Price_Books",
        "Price Book",
        "Price Books",
        "Price_Book_Name",
        &["Price_Book_Name"],
        &["Price_Book_Name"],
        PRICE_BOOK_FIELDS,
        &[
            NOTES,
            ATTACHMENTS,
            rel("Products", "Products", "Products", RelKind::Junction),
        ],
    ),
    def(
        "Vendors",
        "Vendor",
        "Vendors",
        "Vendor_Name",
        &["Vendor_Name"],
        &["Vendor_Name"],
        VENDOR_FIELDS,
        &[
            NOTES,
            ATTACHMENTS,
            rel(
                "Products",
                "Products",
                "Products",
                RelKind::Lookup("Vendor_Name"),
            ),
            rel(
                "Contacts",
                "Contacts",
                "Contacts",
                RelKind::Lookup("Vendor_Name"),
            ),
            rel(
                "Purchase_Orders",
                "Purchase Orders",
                "Purchase_Orders",
                RelKind::Lookup("Vendor_Name"),
            ),
        ],
    ),
    def(
        "Campaigns",
        "Campaign",
        "Campaigns",
        "Campaign_Name",
        &["Campaign_Name"],
        &["Campaign_Name"],
        CAMPAIGN_FIELDS,
        &[
            NOTES,
            ATTACHMENTS,
            rel("Leads", "Leads", "Leads", RelKind::Junction),
            rel("Contacts", "Contacts", "Contacts", RelKind::Junction),
            rel(
                "Deals",
                "Deals",
                "Deals",
                RelKind::Lookup("Campaign_Source"),
            ),
        ],
    ),
    def(
        "Cases",
        "Case",
        "Cases",
        "Subject",
        &["Subject", "Status", "Case_Origin"],
        &[],
        CASE_FIELDS,
        &[NOTES, ATTACHMENTS],
    ),
    def(
        "Solutions",
        "Solution",
        "Solutions",
        "Solution_Title",
        &["Solution_Title"],
        &[],
        SOLUTION_FIELDS,
        &[NOTES, ATTACHMENTS],
    ),
    def(
        "Notes",
        "Note",
        "Notes",
        "Note_Title",
        &["Note_Content", "Parent_Id"],
        &[],
        NOTE_FIELDS,
        &[ATTACHMENTS],
    ),
    ModuleDef {
        api_name: "Attachments",
        singular: "Attachment",
        plural: "Attachments",
        name_field: "File_Name",
        mandatory: &["Parent_Id"],
        dedupe: &[],
        fields: ATTACHMENT_FIELDS,
        related: &[],
        records: false,
    },
];
